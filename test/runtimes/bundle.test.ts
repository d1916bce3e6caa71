// wasmlp/bundle: one self-contained, minified ES module of the core, within its size budget,
// exporting what the core exports, shipped by npm, and training to the core's bits in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as core from '../../src/index.js';
import { assertSameBits, foundingJob, nodeReference } from './founding-job.js';
import { trainFounding, type WasmlpExports } from './founding-run.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = `${ROOT}dist/bundle/wasmlp.js`;
const WASM_BUILDS = ['simd', 'relaxed'].map((name) => `${ROOT}dist/wasm/${name}.wasm`);

/** The targets of issue 8: each wasm build at most 64 KB, the bundle at most 30 KB gzipped. */
const WASM_MAX_BYTES = 64 * 1024;
const BUNDLE_MAX_GZIP_BYTES = 30 * 1024;

test('each wasm build is at most 64 KB and the bundle at most 30 KB minified and gzipped', (t) => {
  for (const file of WASM_BUILDS) {
    const bytes = statSync(file).size;
    t.diagnostic(`${file.slice(ROOT.length)}: ${bytes} bytes`);
    assert.ok(bytes <= WASM_MAX_BYTES, `${file} is ${bytes} bytes, over ${WASM_MAX_BYTES}`);
  }
  const code = readFileSync(BUNDLE);
  const gzipped = gzipSync(code).length;
  t.diagnostic(`dist/bundle/wasmlp.js: ${code.length} bytes, ${gzipped} gzipped`);
  assert.ok(gzipped <= BUNDLE_MAX_GZIP_BYTES, `the bundle is ${gzipped} bytes gzipped, over ${BUNDLE_MAX_GZIP_BYTES}`);
  // Minified: no line of source layout survives (vite keeps whitespace in ES libraries unless told).
  assert.ok(code.toString('utf8').split('\n').length < 5, 'the bundle is not minified');
});

test('the bundle imports nothing: no import, require or import.meta is left for a runtime to resolve', () => {
  const code = readFileSync(BUNDLE, 'utf8');
  for (const pattern of [/\brequire\s*\(/, /\bimport\s*\(/, /\bimport\s*["'`{*]/, /\bfrom\s*["'`]/, /\bimport\.meta\b/]) {
    assert.doesNotMatch(code, pattern);
  }
  assert.doesNotMatch(code, /seedrandom['"`]|@assemblyscript\/loader/, 'a dependency is named, not inlined');
});

test('wasmlp/bundle exports the same names as wasmlp, and package.json maps and ships it', async () => {
  const bundle = (await import('wasmlp/bundle')) as WasmlpExports;
  assert.deepEqual(Object.keys(bundle).sort(), Object.keys(core).sort());
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { exports: Record<string, { types: string; default: string }> };
  assert.deepEqual(pkg.exports['./bundle'], { types: './dist/src/index.d.ts', default: './dist/bundle/wasmlp.js' });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })) as { files: { path: string }[] }[];
  const files = packed[0].files.map((file) => file.path);
  for (const shipped of ['dist/bundle/wasmlp.js', 'dist/src/index.d.ts', 'dist/wasm/simd.wasm', 'dist/wasm/relaxed.wasm']) {
    assert.ok(files.includes(shipped), `npm pack leaves out ${shipped}`);
  }
});

test('in Node the bundle trains the founding network to the same bits as the core', async () => {
  const bundle = (await import('wasmlp/bundle')) as WasmlpExports;
  const job = await foundingJob();
  const kernels = readFileSync(`${ROOT}dist/wasm/simd.wasm`);
  const actual = await trainFounding(bundle, await bundle.createWasmBackend(new Uint8Array(kernels)), job, 'node, bundle');
  assertSameBits(actual, await nodeReference(job));
});
