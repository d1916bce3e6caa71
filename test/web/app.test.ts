// The browser app in real Chromium (Debian's, driven by playwright-core): the founding
// comparison equal to the CLI's bits, a layer frozen mid-run, a bad CSV, responsiveness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { pageHostForTests } from './browser.js';
import type { ExperimentResults } from '../../src/experiments/results.js';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));

const host = pageHostForTests();

async function open(query: string): Promise<Page> {
  const page = await host.browser.newPage({ viewport: { width: 1400, height: 1300 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Everything the page needs is bundled: a request anywhere but the test server is a failure.
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(host.base) && !url.startsWith('blob:') && !url.startsWith('data:')) errors.push(`request to ${url}`);
  });
  await page.goto(`${host.base}${query}`);
  await page.waitForSelector('#sets .set-row');
  (page as unknown as { errors: string[] }).errors = errors;
  return page;
}

async function runToEnd(page: Page, timeout = 60_000): Promise<ExperimentResults> {
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results !== null, undefined, { timeout });
  return page.evaluate(() => (window as unknown as { wasmlp: { results: ExperimentResults } }).wasmlp.results);
}

test('the founding comparison from the defaults: charts drawn, final losses equal to the CLI with plain SIMD', async () => {
  const page = await open('?backend=wasm-simd');
  const started = Date.now();
  const results = await runToEnd(page);
  const seconds = (Date.now() - started) / 1000;
  const file = join(mkdtempSync(join(tmpdir(), 'wasmlp-web-')), 'cli.json');
  const cli = spawnSync(process.execPath, [BIN, 'experiment', '--backend', 'wasm-simd', '--folds', 'none', '--json', file], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const expected = JSON.parse(readFileSync(file, 'utf8')) as ExperimentResults;
  assert.deepEqual(results.runs.map((r) => [r.train, r.seed, r.trainableParams]), [['all', 100, 641], ['1', 100, 496]]);
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(results.runs[i].loss, expected.runs[i].loss, `run ${results.runs[i].train}: per-epoch losses differ from the CLI's`);
  }
  const shown = await page.$$eval('#final td.loss', (cells) => cells.map((cell) => cell.textContent));
  assert.deepEqual(shown, expected.runs.map((r) => r.loss[99].toFixed(6)));
  const inked = await page.$$eval('#charts canvas', (canvases) => canvases.map((canvas) => {
    const context = (canvas as HTMLCanvasElement).getContext('2d');
    if (!context) return 0;
    const { data } = context.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height);
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
    return count;
  }));
  assert.ok(inked.length >= 5 && inked.every((count) => count > 2000), `chart pixels: ${inked.join(', ')}`);
  assert.ok(seconds < 10, `the founding run took ${seconds} s`);
  const downloaded = await page.evaluate(async () => (await fetch((document.getElementById('download') as HTMLAnchorElement).href)).text());
  assert.deepEqual(JSON.parse(downloaded), results, 'the download is not the results');
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: `${RESULTS}browser-founding.png`, fullPage: true });
  assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
  await page.close();
});

test('a trainable checkbox changed mid-run freezes that layer from the next epoch on', async () => {
  const page = await open('?dataset=digits&hidden=128,64&epochs=400&backend=wasm-simd');
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { weightHashes: number[][][] } }).wasmlp.weightHashes[0]?.length >= 5);
  await page.uncheck('#sets [name="set-0-layer-1"]');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results !== null, undefined, { timeout: 120_000 });
  const state = await page.evaluate(() => (window as unknown as { wasmlp: { results: ExperimentResults; weightHashes: number[][][]; toggles: { setIndex: number; epoch: number }[] } }).wasmlp);
  assert.equal(state.toggles.length, 1);
  const { setIndex, epoch } = state.toggles[0];
  assert.equal(setIndex, 0);
  assert.ok(epoch >= 5 && epoch < 400, `toggled at epoch ${epoch}`);
  const layerOne = state.weightHashes[0].map((layers) => layers[0]);
  assert.notEqual(layerOne[epoch - 2], layerOne[epoch - 1], 'layer 1 did not train before the change');
  for (let e = epoch; e < layerOne.length; e++) assert.equal(layerOne[e], layerOne[epoch - 1], `layer 1 moved at epoch ${e + 1} after being frozen`);
  const layerTwo = state.weightHashes[0].map((layers) => layers[1]);
  assert.notEqual(layerTwo[layerTwo.length - 1], layerTwo[epoch], 'layer 2 stopped training too');
  const run = state.results.runs[0];
  assert.ok(run.gradNorm.slice(epoch).every((norms) => norms[0] === null));
  assert.ok(run.gradNorm.slice(0, epoch).every((norms) => typeof norms[0] === 'number'));
  const other = state.weightHashes[1].map((layers) => layers[0]);
  assert.notEqual(other[other.length - 1], other[epoch], 'the other set was changed too');
  await page.close();
});

test('a malformed CSV shows one clear message and the page keeps working', async () => {
  const page = await open('');
  await page.selectOption('#dataset', 'upload');
  await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,label\n1,2,x\n3,oops,y\n') });
  await page.waitForSelector('#message:not([hidden])');
  assert.equal(await page.textContent('#message'), "bad.csv:3:2: 'oops' is not a number (column 'b')");
  await page.click('#run');
  assert.match(await page.textContent('#message') ?? '', /choose a CSV file first/);
  await page.setInputFiles('#csv-file', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`a,b,label\n${Array.from({ length: 40 }, (_, i) => `${i},${i % 5},${i % 2 ? 'x' : 'y'}`).join('\n')}\n`) });
  await page.waitForFunction(() => document.querySelector('#dataset-info')?.textContent?.includes('40 samples'));
  assert.equal(await page.isHidden('#message'), true);
  const results = await runToEnd(page);
  assert.equal(results.dataset.samples, 40);
  assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
  await page.close();
});

test('the page stays responsive while training runs', async () => {
  const page = await open('?dataset=digits&hidden=128,64&epochs=300&backend=js');
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { weightHashes: number[][][] } }).wasmlp.weightHashes[0]?.length >= 1);
  const latencies: number[] = [];
  for (let i = 0; i < 10; i++) {
    latencies.push(await page.evaluate(() => new Promise<number>((resolve) => {
      const started = performance.now();
      setTimeout(() => resolve(performance.now() - started), 0);
    })));
  }
  await page.fill('#seed', '123');
  assert.equal(await page.inputValue('#seed'), '123');
  assert.equal(await page.isDisabled('#stop'), false, 'the run ended before the checks');
  assert.ok(Math.max(...latencies) < 250, `main-thread latencies during training: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
  await page.click('#stop');
  await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('stopped'));
  await page.close();
});

test('the URL holds the settings, and the WASM vs JS race reports a ratio', async () => {
  const page = await open('');
  await page.fill('#epochs', '20');
  await page.dispatchEvent('#epochs', 'change');
  await page.uncheck('#sets [name="set-1-layer-1"]');
  await page.check('#sets [name="set-1-layer-3"]');
  const url = page.url();
  assert.match(url, /epochs=20/);
  assert.match(url, /train=all%2C3|train=all,3/);
  const again = await open(url.slice(host.base.length));
  assert.equal(await again.inputValue('#epochs'), '20');
  assert.equal(await again.isChecked('#sets [name="set-1-layer-3"]'), true);
  assert.equal(await again.isChecked('#sets [name="set-1-layer-1"]'), false);
  await again.click('#race');
  await again.waitForFunction(() => document.querySelector('#race-result')?.textContent?.includes('faster'), undefined, { timeout: 60_000 });
  const text = await again.textContent('#race-result') ?? '';
  const ratio = Number(/wasm is ([\d.]+)× faster/.exec(text)?.[1]);
  assert.ok(ratio > 1, text);
  assert.deepEqual((again as unknown as { errors: string[] }).errors, []);
  await page.close();
  await again.close();
});

test('the learning rate follows the optimizer\'s default, as on the command line, until it is set by hand', async () => {
  const page = await open('');
  assert.equal(await page.inputValue('#lr'), '0.001');
  await page.selectOption('#optimizer', 'sgd');
  assert.equal(await page.inputValue('#lr'), '0.01');
  assert.match(page.url(), /optimizer=sgd/);
  assert.doesNotMatch(page.url(), /lr=/);
  const sgdPage = await open('?optimizer=sgd');
  assert.equal(await sgdPage.inputValue('#lr'), '0.01');
  const byHand = await open('?lr=0.5');
  await byHand.selectOption('#optimizer', 'sgd');
  assert.equal(await byHand.inputValue('#lr'), '0.5');
  assert.match(byHand.url(), /lr=0\.5/);
  for (const p of [page, sgdPage, byHand]) {
    assert.deepEqual((p as unknown as { errors: string[] }).errors, []);
    await p.close();
  }
});

test('the relaxed-SIMD build, chosen where the browser validates it, agrees with the plain one', async () => {
  const plain = await runToEnd(await open('?backend=wasm-simd'));
  const page = await open('?backend=wasm');
  const relaxed = await runToEnd(page);
  // Chromium has shipped relaxed SIMD since version 114, so 'wasm' must pick that build here.
  assert.equal(relaxed.backend, 'wasm-relaxed-simd');
  for (let i = 0; i < 2; i++) {
    const a = relaxed.runs[i].loss;
    const b = plain.runs[i].loss;
    assert.ok(Math.abs(a[0] - b[0]) <= 1e-5 * b[0], `${relaxed.runs[i].train}: epoch 1 ${a[0]} vs ${b[0]}`);
    assert.ok(Math.abs(a[99] - b[99]) <= 0.05 * b[99], `${relaxed.runs[i].train}: epoch 100 ${a[99]} vs ${b[99]}`);
  }
  await page.close();
});
