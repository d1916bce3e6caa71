// The page's layout and accessibility in real Chromium, on a wide screen and a phone: no
// sideways scrolling, no errors or failed requests, no serious axe-core violations, charts
// fitted to their cells with aligned plot areas; and the network diagram, whose layer
// buttons freeze a layer through the set editor, before a run and mid-run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { pageHostForTests } from './browser.js';
import type { ExperimentResults } from '../../src/experiments/results.js';

const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const host = pageHostForTests();

interface Watched { page: Page; problems: string[] }

/** The page at this query and viewport, with every console error, page error and failed request recorded. */
async function open(query: string, viewport = { width: 1400, height: 1300 }): Promise<Watched> {
  const page = await host.browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console error: ${message.text()}`); });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => { if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`); });
  await page.goto(`${host.base}${query}`);
  await page.waitForSelector('#sets .set-row');
  await page.waitForSelector('#network-diagram [data-layer]');
  return { page, problems };
}

async function runToEnd(page: Page, timeout = 60_000): Promise<ExperimentResults> {
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results !== null, undefined, { timeout });
  return page.evaluate(() => (window as unknown as { wasmlp: { results: ExperimentResults } }).wasmlp.results);
}

/** axe-core's serious and critical violations, each as its rule and the elements it found. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'undefined')) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Violation[] }> } }).axe;
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
  });
}

async function checkPage({ page, problems }: Watched, when: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.ok(scrollWidth <= innerWidth, `${when}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
  assert.deepEqual(await seriousViolations(page), [], `${when}: accessibility violations`);
  assert.deepEqual(problems, [], `${when}: errors or failed requests`);
}

type ChartBox = { left: number; right: number; top: number; plotLeft: number; plotWidth: number };

const chartBoxes = (page: Page): Promise<ChartBox[]> => page.$$eval('#charts .chart', (charts) => charts.map((chart) => {
  const cell = chart.getBoundingClientRect();
  const plot = (chart.querySelector('.u-over') as HTMLElement).getBoundingClientRect();
  const drawn = (chart.querySelector('.uplot') as HTMLElement).getBoundingClientRect();
  return { left: cell.left, right: Math.max(cell.right, drawn.right), top: cell.top, plotLeft: plot.left - cell.left, plotWidth: plot.width };
}));

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`at ${size}: no sideways scrolling, errors, failed requests or serious accessibility violations, before and after a run`, async () => {
    const watched = await open('?epochs=5&backend=wasm-simd&pace=full', viewport);
    const { page } = watched;
    await checkPage(watched, 'before the run');
    await runToEnd(page);
    await page.waitForSelector('#results:not([hidden])');
    await checkPage(watched, 'after the run');

    // Charts fit the window, in two columns on a wide screen and one on a phone, with their plot areas aligned
    // (a chart whose y labels are wider widens every chart's axis on the next frame).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const charts = await chartBoxes(page);
    assert.ok(charts.length >= 5, `${charts.length} charts`);
    for (const chart of charts) assert.ok(chart.right <= viewport.width, `a chart reaches ${chart.right} px in a ${viewport.width} px window`);
    const columns = new Set(charts.map((chart) => Math.round(chart.left)));
    assert.equal(columns.size, viewport.width >= 1100 ? 2 : 1, `chart columns at ${[...columns].join(', ')} px`);
    if (viewport.width >= 1100) assert.equal(Math.round(charts[0].top), Math.round(charts[1].top), 'the loss and accuracy charts are not side by side');
    for (const chart of charts) {
      assert.ok(Math.abs(chart.plotLeft - charts[0].plotLeft) <= 1, `plot areas start at ${charts.map((c) => c.plotLeft).join(', ')} px into their charts`);
      assert.ok(Math.abs(chart.plotWidth - charts[0].plotWidth) <= 1, `plot areas are ${charts.map((c) => c.plotWidth).join(', ')} px wide`);
    }

    // The table of results fits without scrolling in its box: on a phone, each set's figures stack as labelled lines.
    const table = await page.$eval('#final', (final) => {
      const box = final.parentElement as HTMLElement;
      return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth, right: final.getBoundingClientRect().right, labels: Array.from(final.querySelectorAll('tbody tr:first-child td')).map((td) => td.getAttribute('data-label')) };
    });
    assert.ok(table.scrollWidth <= table.clientWidth && table.right <= viewport.width, `the table is ${table.scrollWidth} px wide in a ${table.clientWidth} px box`);
    assert.deepEqual(table.labels.slice(0, 3), ['trainable set', 'trainable parameters', 'final loss']);

    // Validation curves are dashed, and so are their legend swatches; the others are solid.
    const markers = await page.$$eval('#charts .chart:first-child .u-legend tr.u-series:not(.band-edge)', (rows) => rows.slice(1).map((row) => ({
      label: row.querySelector('.u-label')?.textContent ?? '',
      style: getComputedStyle(row.querySelector('.u-marker') as HTMLElement).borderTopStyle,
    })));
    assert.ok(markers.some((marker) => marker.label.endsWith('(held-out)')), JSON.stringify(markers));
    for (const marker of markers) assert.equal(marker.style, marker.label.endsWith('(held-out)') ? 'dashed' : 'solid', JSON.stringify(marker));

    // The legend's figures under the cursor: four significant digits.
    const plot = page.locator('#charts .chart:first-child .u-over');
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    assert.ok(box);
    await plot.hover({ position: { x: box.width * 0.5, y: box.height / 2 } });
    await plot.hover({ position: { x: box.width * 0.9, y: box.height / 2 } });
    await page.waitForFunction(() => document.querySelector('#charts .chart:first-child .u-legend tr.u-series:not(.band-edge):nth-child(2) .u-value')?.textContent !== '--');
    const figures = await page.$$eval('#charts .chart:first-child .u-legend tr.u-series:not(.band-edge) .u-value', (cells) => cells.slice(1).map((cell) => cell.textContent ?? ''));
    assert.ok(figures.length >= 2, JSON.stringify(figures));
    for (const figure of figures) {
      const digits = figure.replace(/e.*$/, '').replace(/^-?0\.0*/, '').replace('.', '');
      assert.match(digits, /^\d{4}$/, `legend figure ${figure}`);
    }

    mkdirSync(RESULTS, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${RESULTS}page-${size}.png`, fullPage: true });

    // A window narrower than a chart: the charts follow it (web/charts.ts resizes them) into one column.
    if (viewport.width >= 1100) {
      await page.setViewportSize({ width: 600, height: viewport.height });
      await page.waitForFunction(() => Array.from(document.querySelectorAll('#charts .uplot')).every((plot) => plot.getBoundingClientRect().right <= 600), undefined, { timeout: 10_000 });
      const narrowed = await chartBoxes(page);
      assert.equal(new Set(narrowed.map((chart) => Math.round(chart.left))).size, 1);
      assert.ok(narrowed.every((chart) => chart.right <= 600 && Math.abs(chart.plotLeft - narrowed[0].plotLeft) <= 1), JSON.stringify(narrowed));
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways at 600 px');
    }
    assert.deepEqual(watched.problems, []);
    await page.close();
  });
}

const layer = (n: number): string => `#network-diagram [data-layer="${n}"]`;
const trainInUrl = (page: Page): string | null => new URL(page.url()).searchParams.get('train');

test('before a run, a diagram layer clicked (or Enter, or Space) toggles the selected set\'s checkbox and the URL', async () => {
  const { page, problems } = await open('');
  assert.equal(await page.getAttribute(layer(2), 'aria-label'), "layer 2 (16→8, relu): trainable in set 'all layers' — click to freeze");
  assert.equal(await page.getAttribute(layer(3), 'aria-label'), "layer 3 (8→1, output, sigmoid): trainable in set 'all layers' — click to freeze");
  assert.equal(await page.getAttribute(layer(2), 'data-frozen'), 'false');

  await page.click(layer(2));
  assert.equal(await page.isChecked('#sets [name="set-0-layer-2"]'), false);
  assert.equal(trainInUrl(page), '1+3,1');
  assert.equal(await page.getAttribute(layer(2), 'data-frozen'), 'true');
  assert.equal(await page.getAttribute(layer(2), 'aria-label'), "layer 2 (16→8, relu): frozen in set 'layers 1+3 only' — click to make trainable");
  assert.equal(await page.getAttribute('#sets [name="set-0-layer-2"]', 'aria-label'), 'layers 1+3 only: layer 2');

  // Enter on the focused layer undoes it, and the redrawn layer keeps the focus.
  await page.focus(layer(2));
  await page.keyboard.press('Enter');
  assert.equal(await page.isChecked('#sets [name="set-0-layer-2"]'), true);
  assert.equal(trainInUrl(page), null, 'the default sets are left out of the URL');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-layer')), '2');

  // The second set, selected, is the one drawn and the one a layer toggles in.
  await page.check('#sets input[type=radio][value="1"]');
  assert.deepEqual(await page.$$eval('#network-diagram [data-layer]', (layers) => layers.map((l) => l.getAttribute('data-frozen'))), ['false', 'true', 'true']);
  await page.focus(layer(3));
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#sets [name="set-1-layer-3"]'), true);
  assert.equal(await page.isChecked('#sets [name="set-0-layer-3"]'), true);
  assert.equal(trainInUrl(page), 'all,1+3');
  assert.match(await page.getAttribute(layer(3), 'aria-label') ?? '', /trainable in set 'layers 1\+3 only'/);
  assert.equal(await page.getAttribute('#sets .set-row[data-set="1"] .remove-set', 'aria-label'), "remove set 'layers 1+3 only'");

  // The diagram follows the network: the hidden layers, then the dataset (inputs and classes).
  await page.fill('#hidden', '32,16,8');
  await page.dispatchEvent('#hidden', 'change');
  assert.equal(await page.locator('#network-diagram [data-layer]').count(), 4);
  assert.match(await page.textContent('#network-diagram') ?? '', /\+22 more/);
  await page.selectOption('#dataset', 'digits');
  await page.waitForFunction(() => document.querySelector('#network-diagram svg')?.textContent?.includes('64 inputs'));
  assert.match(await page.textContent('#network-diagram') ?? '', /\+54 more/);
  assert.match(await page.getAttribute(layer(4), 'aria-label') ?? '', /^layer 4 \(8→10, output, softmax\)/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a layer training only its kernel is drawn so; a click freezes it, as its checkbox does', async () => {
  const { page, problems } = await open(`?${new URLSearchParams({ train: '2k,all' })}`);
  assert.equal(await page.getAttribute(layer(2), 'data-state'), 'kernel');
  assert.match(await page.getAttribute(layer(2), 'aria-label') ?? '', /: kernel only trains in set 'kernel 2 only' — click to freeze$/);
  assert.match(await page.textContent('#network-diagram [data-layer-labels="2"]') ?? '', /kernel only/);
  await page.click(layer(2));
  assert.equal(await page.getAttribute(layer(2), 'data-state'), 'frozen');
  assert.equal(trainInUrl(page), 'none,all');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a diagram layer clicked mid-run freezes that layer of the selected set from the next epoch on', async () => {
  const { page, problems } = await open('?dataset=digits&hidden=128,64&epochs=400&backend=wasm-simd&folds=none&pace=full');
  await page.click('#run');
  await page.waitForFunction(() => (window as unknown as { wasmlp: { weightHashes: number[][][] } }).wasmlp.weightHashes[0]?.length >= 5);
  await page.click(layer(1));
  await page.waitForFunction(() => (window as unknown as { wasmlp: { results: unknown } }).wasmlp.results !== null, undefined, { timeout: 120_000 });
  const state = await page.evaluate(() => (window as unknown as { wasmlp: { results: ExperimentResults; weightHashes: number[][][]; toggles: { setIndex: number; epoch: number }[] } }).wasmlp);
  assert.equal(state.toggles.length, 1);
  const { setIndex, epoch } = state.toggles[0];
  assert.equal(setIndex, 0);
  assert.ok(epoch >= 5 && epoch < 400, `toggled at epoch ${epoch}`);
  // Runs are listed set by set (each set's seeds, and folds, together): the first half is set 0's.
  const perSet = state.weightHashes.length / 2;
  assert.ok(Number.isInteger(perSet) && perSet >= 1, `${state.weightHashes.length} runs for 2 sets`);
  for (let run = 0; run < 2 * perSet; run++) {
    const layerOne = state.weightHashes[run].map((layers) => layers[0]);
    const last = layerOne.length - 1;
    if (run < perSet) {
      assert.notEqual(layerOne[epoch - 2], layerOne[epoch - 1], `run ${run}: layer 1 did not train before the click`);
      for (let e = epoch; e <= last; e++) assert.equal(layerOne[e], layerOne[epoch - 1], `run ${run}: layer 1 moved at epoch ${e + 1} after being frozen`);
      const layerTwo = state.weightHashes[run].map((layers) => layers[1]);
      assert.notEqual(layerTwo[last], layerTwo[epoch], `run ${run}: layer 2 stopped training too`);
      assert.ok(state.results.runs[run].gradNorm.slice(epoch).every((norms) => norms[0] === null));
    } else {
      assert.notEqual(layerOne[last], layerOne[epoch], `run ${run}: the other set was changed too`);
    }
  }
  assert.equal(await page.isChecked('#sets [name="set-0-layer-1"]'), false);
  assert.equal(await page.getAttribute(layer(1), 'data-frozen'), 'true');
  // The last epoch's gradient norms: none for the frozen layer, a figure for the others.
  assert.equal(await page.textContent('#network-diagram [data-layer-labels="1"] .grad-norm'), '');
  assert.match(await page.textContent('#network-diagram [data-layer-labels="2"] .grad-norm') ?? '', /^‖∇‖ \d/);
  assert.deepEqual(problems, []);
  await page.close();
});
