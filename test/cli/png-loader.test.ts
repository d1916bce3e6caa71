// The PNG renderer's packages are optional: which of them are missing is found by importing
// them through a stand-in for import() that hides some, as a project without them would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPngRenderer, pngSkippedMessage, PNG_PACKAGES, type ImportModule } from '../../src/cli/png-loader.js';

function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
}

/** import() relative to the loader's folder, as the loader's own does, with some specifiers hidden or failing. */
function importing(hidden: string[], failing: Record<string, Error> = {}): ImportModule & { asked: string[] } {
  const asked: string[] = [];
  const load = async (specifier: string): Promise<unknown> => {
    asked.push(specifier);
    // a package is hidden, or fails, whichever of its files is imported
    const name = specifier.startsWith('.') ? specifier : specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    if (hidden.includes(name)) throw notFound(specifier);
    if (failing[name] ?? failing[specifier]) throw failing[name] ?? failing[specifier];
    return import(specifier.startsWith('./') ? new URL(specifier, new URL('../../src/cli/', import.meta.url)).href : specifier);
  };
  return Object.assign(load, { asked });
}

test('with both packages installed the renderer loads and draws a PNG', async () => {
  const loaded = await loadPngRenderer(importing([]));
  assert.ok('render' in loaded);
  const png = await loaded.render({ title: 't', xLabel: 'x', yLabel: 'y', x: [1, 2, 3], series: [{ label: 'a', color: '#ff0000', values: [3, 2, 1] }], width: 120, height: 80 });
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
});

test('each missing package is named, and the renderer is not imported without them', async () => {
  for (const hidden of [['linkedom'], ['@napi-rs/canvas'], [...PNG_PACKAGES]]) {
    const load = importing(hidden);
    const loaded = await loadPngRenderer(load);
    assert.deepEqual(loaded, { missing: hidden });
    assert.ok(!load.asked.includes('./png.js'));
    const line = pngSkippedMessage(loaded as { missing: string[] }, 'out/loss.png');
    assert.ok(!line.includes('\n'));
    assert.ok(line.includes(`'npm install ${hidden.join(' ')}'`), line);
  }
});

test('a package that is installed but fails to load is reported, not mistaken for a missing one', async () => {
  const loaded = await loadPngRenderer(importing([], { '@napi-rs/canvas': new Error('Cannot find native binding for linux-riscv64\nmore detail') }));
  assert.deepEqual(loaded, { failed: '@napi-rs/canvas', reason: 'Cannot find native binding for linux-riscv64' });
  assert.match(pngSkippedMessage(loaded as { failed: string; reason: string }, 'loss.png'), /^loss\.png not written: @napi-rs\/canvas failed to load \(Cannot find native binding for linux-riscv64\)/);
});

test('an error of the renderer itself is not hidden', async () => {
  await assert.rejects(loadPngRenderer(importing([], { './png.js': new TypeError('a bug in png.ts') })), /a bug in png\.ts/);
  // even one that looks like a missing module: only the packages themselves count as optional
  await assert.rejects(loadPngRenderer(importing(['./png.js'])), /Cannot find package '.\/png\.js'/);
});
