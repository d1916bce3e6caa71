// The PNG renderer as a reader of the report sees it: right size, real pixels in the series'
// colours, visible bands, a working log axis, and no DOM globals left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { ChartSpec } from '../../src/plot/chart-spec.js';
import { BAND_ALPHA, toUplot } from '../../src/plot/uplot-options.js';
import { renderChartPng } from '../../src/cli/png.js';

const RED = [255, 0, 0];
const BLUE = [0, 0, 255];

/** RGBA pixels of a PNG, decoded by @napi-rs/canvas. */
async function pixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** Rows (y) of the pixels within tolerance of rgb, in rows [top, bottom). */
function rowsOf(img: { width: number; data: Uint8ClampedArray }, rgb: number[], tolerance: number, top = 0, bottom = Infinity): number[] {
  const rows: number[] = [];
  const end = Math.min(bottom, img.data.length / 4 / img.width);
  for (let y = top; y < end; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (Math.abs(img.data[i] - rgb[0]) <= tolerance && Math.abs(img.data[i + 1] - rgb[1]) <= tolerance && Math.abs(img.data[i + 2] - rgb[2]) <= tolerance) rows.push(y);
    }
  }
  return rows;
}

function decay(n: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(from * (to / from) ** (i / (n - 1)));
  return out;
}

function twoCurves(overrides: Partial<ChartSpec> = {}): ChartSpec {
  const x = Array.from({ length: 60 }, (_, i) => i + 1);
  return {
    title: 'Loss',
    xLabel: 'epoch',
    yLabel: 'loss',
    x,
    series: [
      { label: 'red run', color: '#ff0000', values: x.map((e) => 1 / e + 0.5) },
      { label: 'blue run', color: 'rgb(0, 0, 255)', values: x.map((e) => 1 / e), dashed: true },
    ],
    width: 640,
    height: 360,
    ...overrides,
  };
}

test('the PNG has the PNG signature and exactly the spec size in its IHDR', () => {
  for (const [width, height] of [[640, 360], [333, 217]]) {
    const png = renderChartPng(twoCurves({ width, height }));
    assert.ok(Buffer.isBuffer(png));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.equal(png.readUInt32BE(16), width);
    assert.equal(png.readUInt32BE(20), height);
  }
});

test('the chart is drawn on white, with both series in their own colours', async () => {
  const img = await pixels(renderChartPng(twoCurves()));
  assert.equal(img.width, 640);
  assert.equal(img.height, 360);
  // the corners are background: white and opaque, not transparent
  assert.deepEqual([...img.data.subarray(0, 4)], [255, 255, 255, 255]);
  let inked = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    if (img.data[i] < 200 || img.data[i + 1] < 200 || img.data[i + 2] < 200) inked++;
  }
  assert.ok(inked > 3000, `only ${inked} non-white pixels`);
  // between the title and the legend, so these are the plotted lines, not the legend swatches
  const red = rowsOf(img, RED, 40, 40, 300).length;
  const blue = rowsOf(img, BLUE, 40, 40, 300).length;
  assert.ok(red > 400, `red pixels ${red}`);
  assert.ok(blue > 200, `blue pixels ${blue}`);
});

test('a min-max band shows as a translucent fill of the series colour', async () => {
  const spec = twoCurves();
  spec.series = [{ ...spec.series[1], dashed: false }];
  const plain = await pixels(renderChartPng(spec));
  const values = spec.series[0].values as number[];
  spec.series[0].band = { min: values.map((v) => v * 0.5), max: values.map((v) => v * 1.5 + 0.1) };
  const banded = await pixels(renderChartPng(spec));
  // blue at BAND_ALPHA over white
  const tint = [255 * (1 - BAND_ALPHA), 255 * (1 - BAND_ALPHA), 255].map(Math.round);
  const before = rowsOf(plain, tint, 8, 40, 300).length;
  const after = rowsOf(banded, tint, 8, 40, 300).length;
  assert.ok(before < 300, `tint already there without a band: ${before}`);
  assert.ok(after > 5000 && after > 20 * before, `band pixels ${after}, ${before} without the band`);
  // the line is drawn over its band, still in full colour
  assert.ok(rowsOf(banded, BLUE, 40, 40, 300).length > 200);
});

test('a log-scale chart renders and spreads a curve spanning decades over the height', async () => {
  const spec = twoCurves();
  spec.series = [{ label: 'blue run', color: '#0000ff', values: decay(spec.x.length, 1, 1e-4) }];
  const linear = await pixels(renderChartPng(spec));
  const log = await pixels(renderChartPng({ ...spec, logY: true }));
  const median = (rows: number[]) => rows[rows.length >> 1];
  const linearRows = rowsOf(linear, BLUE, 40, 40, 300);
  const logRows = rowsOf(log, BLUE, 40, 40, 300);
  assert.ok(logRows.length > 300, `blue pixels ${logRows.length}`);
  // on a linear axis an exponential decay hugs the bottom; on a log axis it is a straight diagonal
  assert.ok(median(linearRows) > median(logRows) + 60, `medians ${median(linearRows)} vs ${median(logRows)}`);
  assert.ok(logRows[logRows.length - 1] - logRows[0] > 150, 'the log curve spans the plot height');
});

test('toUplot gives pure JSON that survives a round trip unchanged', () => {
  const spec = twoCurves({ logY: true });
  spec.series[0].band = { min: spec.series[0].values.map((v) => (v as number) * 0.9), max: spec.series[0].values.map((v) => (v as number) * 1.1) };
  spec.series[1].values[3] = null;
  spec.series[1].values[4] = Number.NaN;
  spec.series[1].values[5] = 0;
  const result = toUplot(spec);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(result)), result);
  const options = result.options;
  assert.equal(options.scales?.y?.distr, 3);
  assert.equal(options.bands?.length, 1);
  assert.match(String(options.bands?.[0].fill), /^rgba\(255,0,0,0\.\d+\)$/);
  assert.ok(options.series.some((s) => Array.isArray(s.dash)));
  // one x column, two band edges, two lines; values a log axis cannot show become gaps
  assert.equal(result.data.length, 5);
  const blue = result.data[4];
  assert.deepEqual([blue[3], blue[4], blue[5]], [null, null, null]);
});

test('rendering leaves no DOM globals behind and restores ones that were there', () => {
  const names = ['window', 'document', 'navigator', 'devicePixelRatio', 'matchMedia', 'HTMLElement', 'Path2D', 'CustomEvent'];
  const g = globalThis as Record<string, unknown>;
  const before = names.map((name) => Object.getOwnPropertyDescriptor(globalThis, name));
  assert.equal(typeof g.document, 'undefined');
  assert.equal(typeof g.window, 'undefined');
  renderChartPng(twoCurves());
  assert.equal(typeof g.document, 'undefined');
  assert.equal(typeof g.window, 'undefined');
  assert.deepStrictEqual(names.map((name) => Object.getOwnPropertyDescriptor(globalThis, name)), before);

  const mine = { mine: true };
  g.window = mine;
  try {
    renderChartPng(twoCurves());
    assert.equal(g.window, mine);
  } finally {
    delete g.window;
  }
});
