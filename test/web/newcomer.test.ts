// The page in real Chromium, on what a newcomer meets: a URL whose trainable set repeats an
// item is not read as another set, and the warm-up is reported apart from the runs' times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageHostForTests } from './browser.js';
import type { ExperimentResults } from '../../src/experiments/results.js';

const host = pageHostForTests();

test('train=1+1 in the URL is refused like --train 1+1 (the default sets instead of reading it as 1); the warm-up is reported apart', async () => {
  const page = await host.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${host.base}?dataset=iris&epochs=5&backend=wasm-simd&${new URLSearchParams({ train: '1+1,2' })}`);
  await page.waitForSelector('#sets .set-row');
  const sets = await page.$$eval('#sets .set-row .set-name', (names) => names.map((name) => name.textContent));
  assert.deepEqual(sets, ['all layers', 'layer 1 only']);
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results !== null, undefined, { timeout: 60_000 });
  const results = await page.evaluate(() => (window as unknown as { wasmlp: { results: ExperimentResults } }).wasmlp.results);
  assert.ok(typeof results.warmupMs === 'number' && results.warmupMs > 0, `warmupMs ${results.warmupMs}`);
  assert.match(await page.textContent('#warm-up') ?? '', /^warm-up: \d+ ms before the timed runs, not in ms per run/);
  assert.deepEqual(errors, []);
  await page.close();
});
