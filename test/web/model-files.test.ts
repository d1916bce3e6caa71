// The page's model files in real Chromium: a run's model downloads as TensorFlow.js's
// browser downloads name it and equals the CLI's --save bit for bit; uploaded again, it
// starts every run, and the page's fine-tuning equals the CLI's --init.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { pageHostForTests } from './browser.js';
import type { ExperimentResults } from '../../src/experiments/results.js';
import { loadModel } from '../../src/node/model-files.js';
import { loadBackend } from '../../src/node/backends.js';
import { sameBits } from '../helpers.js';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));

const host = pageHostForTests();

function cli(...args: string[]): void {
  const result = spawnSync(process.execPath, [BIN, 'experiment', '--backend', 'wasm-simd', '--folds', 'none', ...args], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
}

async function runToEnd(page: Page): Promise<ExperimentResults> {
  await page.evaluate(() => { (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results = null; });
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results !== null, undefined, { timeout: 60_000 });
  return page.evaluate(() => (window as unknown as { wasmlp: { results: ExperimentResults } }).wasmlp.results);
}

test('download a run\'s model, load it in Node, upload it again and fine-tune: the same bits as the CLI', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-web-models-'));
  const page = await host.browser.newPage({ viewport: { width: 1400, height: 1300 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${host.base}?backend=wasm-simd&epochs=12&train=all&folds=none&pace=full`);
  await page.waitForSelector('#sets .set-row');
  await runToEnd(page);

  const downloads = new Map<string, string>();
  const saving = new Promise<void>((resolve) => {
    page.on('download', async (download) => {
      const file = join(dir, download.suggestedFilename());
      await download.saveAs(file);
      downloads.set(download.suggestedFilename(), file);
      if (downloads.size === 2) resolve();
    });
  });
  await page.click('#download-model');
  await saving;
  assert.deepEqual([...downloads.keys()].sort(), ['all-seed100.json', 'all-seed100.weights.bin']);
  assert.deepEqual(JSON.parse(readFileSync(downloads.get('all-seed100.json') as string, 'utf8')).weightsManifest[0].paths, ['./all-seed100.weights.bin']);

  cli('--epochs', '12', '--train', 'all', '--save', join(dir, 'cli'));
  const backend = await loadBackend('wasm-simd');
  const fromPage = await loadModel(downloads.get('all-seed100.json') as string, { backend });
  const fromCli = await loadModel(join(dir, 'cli', 'all-seed100'), { backend });
  assert.equal(fromPage.step, fromCli.step);
  assert.ok(fromPage.getWeights().every((w, i) => sameBits(w, fromCli.getWeights()[i])), 'the page\'s model differs from the CLI\'s');

  await page.setInputFiles('#model-files', [downloads.get('all-seed100.json') as string, downloads.get('all-seed100.weights.bin') as string]);
  await page.waitForFunction(() => document.querySelector('#model-info')?.textContent?.includes('30-16-8-1'));
  assert.equal(await page.isDisabled('#hidden'), true);
  await page.fill('#epochs', '3');
  await page.check('#sets [name="set-0-layer-3"]');
  await page.uncheck('#sets [name="set-0-layer-1"]');
  await page.uncheck('#sets [name="set-0-layer-2"]');
  const tuned = await runToEnd(page);
  cli('--init', join(dir, 'cli', 'all-seed100'), '--train', '3', '--epochs', '3', '--json', join(dir, 'tuned.json'));
  const expected = JSON.parse(readFileSync(join(dir, 'tuned.json'), 'utf8')) as ExperimentResults;
  assert.deepEqual(tuned.runs.map((r) => [r.train, r.loss]), expected.runs.map((r) => [r.train, r.loss]));

  // The two files renamed, as a browser does with a second download ('… (1)'), are still a model and its weights.
  await page.click('#clear-model');
  await page.setInputFiles('#model-files', [
    { name: 'all-seed100 (1).json', mimeType: 'application/json', buffer: readFileSync(downloads.get('all-seed100.json') as string) },
    { name: 'all-seed100 (1).weights.bin', mimeType: 'application/octet-stream', buffer: readFileSync(downloads.get('all-seed100.weights.bin') as string) },
  ]);
  await page.waitForFunction(() => document.querySelector('#model-info')?.textContent?.includes('30-16-8-1'));

  // A weights file that does not belong to the model.json is one message, and the page keeps its fresh network.
  await page.click('#clear-model');
  await page.setInputFiles('#model-files', [
    { name: 'all-seed100.json', mimeType: 'application/json', buffer: readFileSync(downloads.get('all-seed100.json') as string) },
    { name: 'all-seed100.weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(12) },
  ]);
  await page.waitForFunction(() => !document.querySelector('#message')?.hasAttribute('hidden'));
  assert.match(await page.textContent('#message') ?? '', /all-seed100\.json: the weights files hold 12 bytes, but the weight entries describe \d+: the weights file is too short/);
  assert.equal(await page.isDisabled('#hidden'), false);
  assert.deepEqual(errors, []);
  await page.close();
});
