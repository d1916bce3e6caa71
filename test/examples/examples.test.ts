// The examples run as the README shows them, in Node, Deno, Bun and Chromium, and all four
// print the same per-epoch losses: the plain-SIMD build gives the same bits everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { runtimeBinary } from '../runtimes/binaries.js';
import { runBounded } from '../runtimes/children.js';
import { serveStatic } from '../web/static-server.js';
import { createJsBackend, parseCsv } from '../../src/index.js';
import { loadModel } from '../../src/node/model-files.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EPOCH_LINE = /^epoch (\d+) loss (\S+) accuracy (\S+)$/;

/** Runs an example from the repository's root as the README says; returns its per-epoch losses. */
async function exampleLosses(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number[]> {
  const run = await runBounded(command, args, { cwd: ROOT, env: { ...env, NO_COLOR: '1' }, timeoutMs: 60_000 });
  assert.equal(run.code, 0, `${args.join(' ')} exited with ${run.code ?? run.signal}: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 20, `20 epoch lines expected, got: ${run.stdout}`);
  return lines.map((line, i) => {
    const match = EPOCH_LINE.exec(line);
    assert.ok(match && Number(match[1]) === i + 1, `unexpected line '${line}'`);
    return Number(match[2]);
  });
}

let nodeLosses: number[] | undefined;
async function nodeExampleLosses(): Promise<number[]> {
  nodeLosses ??= await exampleLosses(process.execPath, ['examples/node/train.mjs']);
  return nodeLosses;
}

test('the Node example trains the founding network: the loss falls', async () => {
  const losses = await nodeExampleLosses();
  assert.ok(losses[19] < losses[0] / 4, `the loss went from ${losses[0]} to ${losses[19]}`);
});

test('the Deno example prints the same losses as the Node example', { timeout: 90_000 }, async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'wasmlp-deno-example-'));
  try {
    const env = { ...process.env, DENO_DIR: scratch, DENO_NO_UPDATE_CHECK: '1' };
    assert.deepEqual(await exampleLosses(runtimeBinary('deno'), ['run', '--allow-read', 'examples/deno/train.js'], env), await nodeExampleLosses());
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('the Bun example prints the same losses as the Node example', { timeout: 90_000 }, async () => {
  assert.deepEqual(await exampleLosses(runtimeBinary('bun'), ['examples/bun/train.js']), await nodeExampleLosses());
});

test('the Worker example\'s pretrain.mjs writes a model that loads and a CSV that parses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-pretrain-'));
  try {
    const run = await runBounded(process.execPath, ['examples/worker/pretrain.mjs', dir], { cwd: ROOT, timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);
    const model = await loadModel(dir, { backend: createJsBackend() });
    assert.deepEqual(model.layers.map((layer) => layer.units), [16, 8, 1]);
    assert.ok(model.compileConfig, 'the model is saved compiled, as the Worker needs');
    model.dispose();
    const data = parseCsv(readFileSync(join(dir, 'data.csv'), 'utf8'), { source: 'data.csv' });
    assert.equal(data.rows, 169);
    assert.equal(data.features, 30);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the browser example (a <script type="module"> importing the bundle) shows the same losses in Chromium', { timeout: 120_000 }, async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install it with 'apt-get install -y chromium' (.ci/run does), or set CHROMIUM_PATH`);
  const { server, url } = await serveStatic(ROOT);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}examples/browser/`);
    await page.waitForFunction(() => {
      const state = (window as unknown as { example?: { done: boolean; error: string | null } }).example;
      return state?.done || state?.error;
    }, undefined, { timeout: 60_000 });
    const state = await page.evaluate(() => (window as unknown as { example: { losses: number[]; error: string | null } }).example);
    assert.equal(state.error, null);
    assert.deepEqual(errors, []);
    assert.deepEqual(state.losses, await nodeExampleLosses());
    assert.equal(await page.locator('#epochs tr').count(), 20);
  } finally {
    await browser.close();
    server.close();
  }
});
