// The command as bin/wasmlp.js runs it, bundled (bundle/cli.vite.config.ts), against the
// compiled modules it was made from: the same results bit for bit, threads and --out included,
// and the bundle leaves the optional PNG packages to be found at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../src/cli-bundle/', import.meta.url));
const MODULES = new URL('../../src/cli/cli.js', import.meta.url).href;
const FLAGS = new URL('../../../bin/v8-flags.js', import.meta.url).href;

// The compiled modules run as bin/wasmlp.js would run them, with its V8 flags, from a script of
// their own (an `-e` script would be inherited by the worker threads as their own).
function modulesRunner(dir: string): string {
  const file = join(dir, 'modules.mjs');
  writeFileSync(file, `import { setWasmCompileFlags } from ${JSON.stringify(FLAGS)};\nsetWasmCompileFlags();\nconst { main } = await import(${JSON.stringify(MODULES)});\nprocess.exitCode = await main(process.argv);\n`);
  return file;
}

function run(args: string[], runner: string): { status: number | null; stdout: string; stderr: string } {
  const command = [runner, ...args];
  const result = spawnSync(process.execPath, command, { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the bundle is what bin/wasmlp.js runs, and it is as new as the modules', () => {
  assert.ok(statSync(join(BUNDLE, 'cli.js')).mtimeMs >= statSync(fileURLToPath(MODULES)).mtimeMs, 'build the bundle after the modules (npm run build:ts does)');
  assert.deepEqual(readdirSync(BUNDLE).filter((file) => ['cli.js', 'worker.js', 'png.js', 'png-worker.js'].includes(file)).sort(), ['cli.js', 'png-worker.js', 'png.js', 'worker.js']);
  const png = readFileSync(join(BUNDLE, 'png.js'), 'utf8');
  for (const name of ['@napi-rs/canvas', 'linkedom/worker']) assert.match(png, new RegExp(`from\\s*["']${name.replace('/', '\\/')}["']`), `${name} is imported, not inlined`);
});

test('the bundled command gives the bits of the compiled modules, on one thread and on two, with --out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-bundle-'));
  const results = (name: string) => {
    const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { runs: { ms?: number }[]; verdict?: { sentences?: string[] } };
    return { runs: r.runs.map(({ ms: _ms, ...rest }) => rest), verdict: { ...r.verdict, sentences: undefined } };
  };
  for (const workers of ['1', '2']) {
    const args = (name: string) => ['experiment', '--dataset', 'iris', '--hidden', '6', '--epochs', '8', '--seeds', '2', '--workers', workers, '--json', join(dir, `${name}.json`), '--out', join(dir, name)];
    const bundled = run(args(`bundle-${workers}`), BIN);
    const modules = run(args(`modules-${workers}`), modulesRunner(dir));
    assert.equal(bundled.status, 0, bundled.stderr);
    assert.equal(modules.status, 0, modules.stderr);
    assert.deepEqual(results(`bundle-${workers}.json`), results(`modules-${workers}.json`));
    assert.deepEqual(readdirSync(join(dir, `bundle-${workers}`)).sort(), readdirSync(join(dir, `modules-${workers}`)).sort());
  }
});
