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
import type { Verdict } from '../../src/experiments/verdict.js';
import { formatSignificant } from '../../src/units.js';

/** The table's significant digits (web/results-view.ts's TABLE_DIGITS, which imports the DOM). */
const TABLE_DIGITS = 6;

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

test('the founding comparison, every row trained on: charts drawn, final losses equal to the CLI with plain SIMD', async () => {
  const page = await open('?backend=wasm-simd&folds=none&pace=full');
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
  assert.deepEqual(shown, expected.runs.map((r) => formatSignificant(r.loss[99], TABLE_DIGITS)));
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
  const page = await open('?dataset=digits&hidden=128,64&epochs=400&backend=wasm-simd&folds=none&pace=full');
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { weightHashes: number[][][] } }).wasmlp.weightHashes[0]?.length >= 5);
  assert.equal(await page.isDisabled('#add-set'), true, 'a set can be added mid-run');
  assert.equal(await page.isDisabled('#race'), true, 'the race can start mid-run');
  assert.equal(await page.isDisabled('#lr'), true, 'a setting the run does not follow can be changed mid-run');
  assert.equal(await page.isDisabled('#pace'), false);
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
  // The results name the set as it ended and list its change: the table, the legends, the JSON.
  assert.equal(run.train, '2+3');
  assert.deepEqual(run.changes, [{ epoch: epoch + 1, from: 'all', to: '2+3', paramsBefore: 17226, trainableParams: 8906 }]);
  assert.equal(run.trainableParams, 8906);
  const before = epoch === 1 ? 'epoch 1' : `epochs 1-${epoch}`;
  const name = `layers 2+3 only from epoch ${epoch + 1} (all layers for ${before})`;
  assert.deepEqual(await page.$$eval('#final td.set', (cells) => cells.map((cell) => cell.textContent?.trim())), [name, 'layer 1 only']);
  assert.equal(await page.textContent('#final tr[data-set^="all>"] td.params'), `8906 of 17226 (17226 for ${before})`);
  const legends = await page.$$eval('#charts .u-legend .u-series .u-label', (labels) => labels.map((label) => label.textContent));
  assert.ok(legends.includes(name), `legends: ${legends.join(' | ')}`);
  assert.match(await page.textContent('#changes') ?? '', new RegExp(`From epoch ${epoch + 1}, set 1 trains layers 2\\+3 only \\(8906 parameters\\)`));
  assert.equal(await page.isDisabled('#add-set'), false);
  await page.close();
});

test('a malformed CSV shows one clear message and the page keeps working', async () => {
  const page = await open('');
  await page.selectOption('#dataset', 'upload');
  await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,label\n1,2,x\n3,oops,y\n') });
  await page.waitForSelector('#message:not([hidden])');
  assert.equal(await page.textContent('#message'), "bad.csv:3:2: 'oops' is not a number (column 'b')");
  await page.click('#run');
  // Train says again why the chosen file cannot be used, rather than that none was chosen.
  assert.equal(await page.textContent('#message'), "bad.csv:3:2: 'oops' is not a number (column 'b')");
  await page.setInputFiles('#csv-file', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`a,b,label\n${Array.from({ length: 40 }, (_, i) => `${i},${i % 5},${i % 2 ? 'x' : 'y'}`).join('\n')}\n`) });
  await page.waitForFunction(() => document.querySelector('#dataset-info')?.textContent?.includes('40 samples'));
  assert.equal(await page.isHidden('#message'), true);
  const results = await runToEnd(page);
  assert.equal(results.dataset.samples, 40);
  assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
  await page.close();
});

test('the page stays responsive while training runs', async () => {
  const page = await open('?dataset=digits&hidden=128,64&epochs=300&backend=js&folds=none&pace=full');
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { weightHashes: number[][][] } }).wasmlp.weightHashes[0]?.length >= 1);
  const latencies: number[] = [];
  for (let i = 0; i < 10; i++) {
    latencies.push(await page.evaluate(() => new Promise<number>((resolve) => {
      const started = performance.now();
      setTimeout(() => resolve(performance.now() - started), 0);
    })));
  }
  await page.selectOption('#pace', '5');
  assert.equal(await page.inputValue('#pace'), '5');
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
  assert.equal(await again.isDisabled('#run'), true, 'a run can start during the race');
  await again.waitForFunction(() => document.querySelector('#race-result')?.textContent?.includes('faster'), undefined, { timeout: 120_000 });
  assert.equal(await again.isDisabled('#run'), false);
  const text = await again.textContent('#race-result') ?? '';
  const [, median, low, high] = /wasm is ([\d.]+)× faster \(median; rounds from ([\d.]+)× to ([\d.]+)×\)/.exec(text) ?? [];
  assert.ok(Number(median) > 1 && Number(low) <= Number(median) && Number(median) <= Number(high), text);
  assert.match(text, /^WASM vs JS, 5 rounds: .* What ran, each round on each: network 30-16-8-1 on breast-cancer: 2 runs \(sets all and 3\) of 20 epochs on all 569 rows, batch 32, seed 100/);
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
  const plain = await runToEnd(await open('?backend=wasm-simd&folds=none&pace=full'));
  const page = await open('?backend=wasm&folds=none&pace=full');
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

test('the held-out verdict shown at the top is the CLI\'s for the same settings, and forms while the runs go', async () => {
  const page = await open('?backend=wasm-simd&pace=50');
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { epochs: number } }).wasmlp.epochs >= 3);
  assert.match(await page.textContent('#verdict h2') ?? '', /^The verdict so far, after epoch \d+ of 100$/);
  await page.evaluate(() => { const pace = document.getElementById('pace') as HTMLSelectElement; pace.value = 'full'; pace.dispatchEvent(new Event('change', { bubbles: true })); });
  const results = await page.waitForFunction(() => (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results, undefined, { timeout: 60_000 })
    .then((handle) => handle.jsonValue() as Promise<ExperimentResults>);
  assert.equal(results.config.heldOut, 'folds');
  assert.equal(results.runs.length, 10);
  const file = join(mkdtempSync(join(tmpdir(), 'wasmlp-web-verdict-')), 'cli.json');
  const cli = spawnSync(process.execPath, [BIN, 'experiment', '--backend', 'wasm-simd', '--json', file], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const expected = JSON.parse(readFileSync(file, 'utf8')) as ExperimentResults & { verdict: Verdict };
  assert.deepEqual(results.runs.map((r) => r.valLoss), expected.runs.map((r) => r.valLoss));
  const shown = await page.$$eval('#verdict p', (ps) => ps.map((p) => p.textContent));
  // Every sentence the same, but the last's times ("a run took 41 ms..."), which are this machine's.
  const timeless = (sentence: string | null): string => (sentence ?? '').replace(/a run took .*$/, '');
  const { sentences, lead } = expected.verdict;
  // The page puts the answer first: the findings that lead, then how they were judged (the CLI's first sentence), then the rest folded.
  const inPageOrder = [...sentences.slice(1, lead), sentences[0], ...sentences.slice(lead)];
  assert.deepEqual(shown.map(timeless), inPageOrder.map(timeless));
  assert.match(shown[0] ?? '', /all layers has the lower held-out loss/);
  assert.match(shown[lead - 2] ?? '', /overfitting/);
  assert.equal(await page.$$eval('#verdict > p', (ps) => ps.length), lead);
  assert.equal(await page.textContent('#verdict > p.method'), sentences[0]);
  assert.equal(await page.$$eval('#verdict details p', (ps) => ps.length), sentences.length - lead);
  assert.equal(await page.textContent('#verdict h2'), 'The verdict after 100 epochs');
  assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
  await page.close();
});

test('pause holds the run, and step trains exactly one epoch, from a run or from the start', async () => {
  type Held = { wasmlp: { epochs: number; heldAfter: number | null; weightHashes: number[][][]; results: unknown } };
  const page = await open('?backend=wasm-simd&pace=5&folds=none');
  await page.click('#step');
  await page.waitForFunction(() => (window as unknown as Held).wasmlp.heldAfter === 1);
  assert.equal(await page.getAttribute('#pause', 'aria-pressed'), 'true');
  await page.click('#pause'); // resume
  await page.waitForFunction(() => (window as unknown as Held).wasmlp.epochs >= 3);
  await page.click('#pause');
  await page.waitForFunction(() => (window as unknown as Held).wasmlp.heldAfter !== null);
  const held = await page.evaluate(() => (window as unknown as Held).wasmlp.epochs);
  await page.waitForTimeout(600);
  assert.equal(await page.evaluate(() => (window as unknown as Held).wasmlp.epochs), held, 'a paused run went on');
  for (let step = 1; step <= 2; step++) {
    await page.click('#step');
    await page.waitForFunction((n) => (window as unknown as Held).wasmlp.heldAfter === n, held + step);
    await page.waitForTimeout(400);
    const state = await page.evaluate(() => { const w = (window as unknown as Held).wasmlp; return { epochs: w.epochs, hashes: w.weightHashes.map((run) => run.length) }; });
    assert.deepEqual(state, { epochs: held + step, hashes: [held + step, held + step] }, `step ${step}`);
  }
  assert.match(await page.textContent('#status') ?? '', new RegExp(`^paused after epoch ${held + 2} of 100`));
  await page.click('#stop');
  await page.waitForFunction(() => (window as unknown as Held).wasmlp.results !== null);
  const results = await page.evaluate(() => (window as unknown as { wasmlp: { results: ExperimentResults } }).wasmlp.results);
  assert.deepEqual(results.runs.map((run) => [run.loss.length, run.interrupted]), [[held + 2, true], [held + 2, true]]);
  assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
  await page.close();
});

test('keyboard: focus moves to Pause when Train disables itself, and back when the run ends', async () => {
  const page = await open('?backend=wasm-simd&epochs=30&pace=20&folds=none');
  await page.focus('#run');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'pause');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results !== null, undefined, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'run');
  await page.close();
});

test('a bad value in a link is named and replaced by the default; a link made with a CSV file asks for it again', async () => {
  const page = await open('?dataset=nope&epochs=0&seeds=2');
  assert.equal(await page.inputValue('#dataset'), 'breast-cancer');
  assert.equal(await page.inputValue('#epochs'), '100');
  assert.equal(await page.inputValue('#seeds'), '2');
  const message = await page.textContent('#message') ?? '';
  assert.match(message, /^The link's dataset 'nope' was refused \(expected one of breast-cancer, iris, wine, digits, upload\); breast-cancer used instead\. The link's epochs '0' was refused/);
  const layers = await open('?train=1,9&hidden=4');
  assert.deepEqual(await layers.$$eval('#sets .set-row .set-name', (names) => names.map((name) => name.textContent)), ['layer 1 only']);
  assert.match(await layers.textContent('#message') ?? '', /The link's trainable set '9' names a layer the network \(hidden layers 4\) lacks; it is left out\./);
  await layers.close();
  const folds = await open('?folds=1000');
  await folds.click('#run');
  await folds.waitForFunction(() => document.querySelector('#verdict h2')?.textContent?.includes('no run'));
  assert.match(await folds.textContent('#message') ?? '', /^folds 1000 needs/);
  await folds.close();
  const upload = await open('?dataset=upload&target=kind');
  assert.equal(await upload.inputValue('#dataset'), 'upload');
  assert.equal(await upload.isVisible('#csv-file'), true);
  assert.match(await upload.textContent('#message') ?? '', /made with a CSV file of yours, which a link cannot carry: choose the file again \(target column 'kind'\)/);
  for (const p of [page, upload]) {
    assert.deepEqual((p as unknown as { errors: string[] }).errors, []);
    await p.close();
  }
});

test('the fine-tuning scenario: a preset fills pretraining, shift and the telling sets, and the page equals the CLI', async () => {
  const page = await open('?backend=wasm-simd&epochs=5&folds=none&pace=full');
  await page.selectOption('#scenario', 'input');
  assert.equal(await page.inputValue('#pretrain'), '5');
  assert.equal(await page.inputValue('#shift'), 'input');
  assert.deepEqual(await page.$$eval('#sets .set-row .set-name', (names) => names.map((name) => name.textContent)), ['all layers', 'layer 1 only', 'layer 3 only']);
  assert.match(page.url(), /pretrain=5/);
  assert.match(page.url(), /shift=input/);
  const results = await runToEnd(page);
  assert.deepEqual([results.config.pretrain, results.config.shift], [5, 'input']);
  const file = join(mkdtempSync(join(tmpdir(), 'wasmlp-web-scenario-')), 'cli.json');
  const cli = spawnSync(process.execPath, [BIN, 'experiment', '--backend', 'wasm-simd', '--folds', 'none', '--epochs', '5', '--pretrain', '5', '--shift', 'input', '--train', 'all,1,3', '--json', file], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const expected = JSON.parse(readFileSync(file, 'utf8')) as ExperimentResults;
  assert.deepEqual(results.runs.map((r) => r.loss), expected.runs.map((r) => r.loss));
  await page.selectOption('#scenario', 'scratch');
  assert.equal(await page.inputValue('#pretrain'), '');
  await page.selectOption('#shift', 'label');
  await page.click('#run');
  assert.match(await page.textContent('#message') ?? '', /^shift fine-tunes a trained network: give pretraining epochs or a saved model to start from$/);
  assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
  await page.close();
});

test('runs spread over two workers give the bits of one worker', async () => {
  const strip = (results: ExperimentResults) => results.runs.map(({ ms, ...run }) => { void ms; return run; });
  const one = await open('?backend=wasm-simd&pace=full&workers=1&epochs=30');
  const single = await runToEnd(one);
  assert.match(await one.textContent('#status') ?? '', /^done: 10 runs of 30 epochs on 1 worker,/);
  const two = await open('?backend=wasm-simd&pace=full&workers=2&epochs=30');
  const spread = await runToEnd(two);
  assert.match(await two.textContent('#status') ?? '', /^done: 10 runs of 30 epochs on 2 workers,/);
  assert.deepEqual(strip(spread), strip(single));
  assert.deepEqual(await two.evaluate(() => (window as unknown as { wasmlp: { verdict: string[] } }).wasmlp.verdict.slice(0, 3)),
    await one.evaluate(() => (window as unknown as { wasmlp: { verdict: string[] } }).wasmlp.verdict.slice(0, 3)));
  for (const p of [one, two]) {
    assert.deepEqual((p as unknown as { errors: string[] }).errors, []);
    await p.close();
  }
});
