// Draws a ChartSpec to a PNG in Node with uPlot itself: uPlot gets a private linkedom DOM whose
// canvases are @napi-rs/canvas ones, and the title and legend (HTML in uPlot) are drawn here.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, Path2D, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
// linkedom's single-file build (made for workers, with its CSS parser tree-shaken): the same
// DOM, loaded in a quarter of the time its many modules take (about 65 ms against 250 here).
import { parseHTML } from 'linkedom/worker';
import type uPlot from 'uplot';
import type { ChartSpec } from '../plot/chart-spec.js';
import { BAND_ALPHA, formatTick, toUplot, withAlpha } from '../plot/uplot-options.js';

type UPlotConstructor = typeof uPlot;

/** The private DOM uPlot was loaded into, and the globals it reads while it draws. */
interface Dom {
  UPlot: UPlotConstructor;
  globals: Record<string, unknown>;
}

const FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
];

const PAD = 12;
const TITLE_PX = 16;
const TEXT_PX = 12;
const LEGEND_ROW = 20;
const SWATCH = 22;
const LEGEND_GAP = 18;

let dom: Dom | undefined;
let family: string | undefined;

/** A CSS font-family list that resolves to a font @napi-rs/canvas really has. */
function fontFamily(): string {
  if (family) return family;
  // System fonts are normally found on their own; registering the files covers a fontconfig
  // that does not list them, and is a no-op cost when it does.
  if (!GlobalFonts.has('DejaVu Sans')) {
    for (const file of FONT_FILES) if (existsSync(file)) GlobalFonts.registerFromPath(file, 'DejaVu Sans');
  }
  const fallback = GlobalFonts.families.find((f) => /sans/i.test(f.family)) ?? GlobalFonts.families[0];
  const name = GlobalFonts.has('DejaVu Sans') ? 'DejaVu Sans' : fallback?.family;
  family = name ? `"${name}", sans-serif` : 'sans-serif';
  return family;
}

/** Runs fn with the given globals installed, then puts back exactly what was there before. */
function withGlobals<T>(values: Record<string, unknown>, fn: () => T): T {
  const g = globalThis as Record<string, unknown>;
  const saved: [string, PropertyDescriptor | undefined][] = [];
  try {
    for (const key of Object.keys(values)) {
      const before = Object.getOwnPropertyDescriptor(g, key);
      saved.push([key, before]);
      Object.defineProperty(g, key, { value: values[key], configurable: true, writable: true, enumerable: false });
    }
    return fn();
  } finally {
    for (let i = saved.length - 1; i >= 0; i--) {
      const [key, before] = saved[i];
      if (before) Object.defineProperty(g, key, before);
      else delete g[key];
    }
  }
}

/** Gives a linkedom <canvas> a real @napi-rs/canvas behind the properties uPlot uses. */
function backWithCanvas(el: object): void {
  const canvas = createCanvas(300, 150);
  Object.defineProperties(el, {
    width: { get: () => canvas.width, set: (v: number) => { canvas.width = v; }, configurable: true },
    height: { get: () => canvas.height, set: (v: number) => { canvas.height = v; }, configurable: true },
    getContext: { value: (type: string) => (type === '2d' ? canvas.getContext('2d') : null), configurable: true },
  });
}

/** Builds the private DOM and loads a uPlot instance bound to it (once per process). */
function loadDom(): Dom {
  if (dom) return dom;
  const { window, document, HTMLElement, CustomEvent } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const createElement = document.createElement.bind(document);
  document.createElement = ((tag: string, options?: ElementCreationOptions) => {
    const el = createElement(tag, options);
    if (tag.toLowerCase() === 'canvas') backWithCanvas(el);
    return el;
  }) as typeof document.createElement;
  // uPlot watches for zoom changes through a media query; nothing here ever changes it
  const matchMedia = (media: string) =>
    Object.assign(new EventTarget(), { media, matches: false, onchange: null, addListener() {}, removeListener() {} });
  const globals: Record<string, unknown> = {
    window,
    document,
    navigator: { language: 'en-US', userAgent: 'wasmlp-png' },
    devicePixelRatio: 1,
    matchMedia,
    HTMLElement,
    // Node's own events cannot be dispatched on linkedom's window
    CustomEvent,
    Path2D,
  };
  // uPlot reads window/document once, when its module is evaluated; the CommonJS build is
  // evaluated here, out of the require cache, so this instance is ours alone and any other
  // importer of uplot in this process still gets one that saw its own environment.
  const require = createRequire(import.meta.url);
  const path = require.resolve('uplot');
  const prior = require.cache[path];
  delete require.cache[path];
  let UPlot: UPlotConstructor;
  try {
    UPlot = withGlobals(globals, () => require(path) as UPlotConstructor);
  } finally {
    if (prior) require.cache[path] = prior;
    else delete require.cache[path];
  }
  dom = { UPlot, globals };
  return dom;
}

/** Text cut with an ellipsis to fit maxWidth in the context's current font. */
function fitText(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let end = text.length;
  while (end > 0 && ctx.measureText(text.slice(0, end) + '…').width > maxWidth) end--;
  return text.slice(0, end) + '…';
}

interface LegendItem {
  label: string;
  color: string;
  dashed: boolean;
  band: boolean;
  width: number;
}

/** Legend items laid out in centred rows that fit the width, labels cut to maxLabel pixels. */
function legendRows(ctx: SKRSContext2D, spec: ChartSpec, width: number, maxLabel: number): LegendItem[][] {
  const rows: LegendItem[][] = [];
  let row: LegendItem[] = [];
  let used = 0;
  for (const s of spec.series) {
    const label = fitText(ctx, s.label, Math.min(maxLabel, width - SWATCH - 6));
    const item = { label, color: s.color, dashed: s.dashed === true, band: s.band !== undefined, width: SWATCH + 6 + ctx.measureText(label).width };
    if (row.length && used + LEGEND_GAP + item.width > width) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += (row.length ? LEGEND_GAP : 0) + item.width;
    row.push(item);
  }
  if (row.length) rows.push(row);
  return rows;
}

/** A legend of at most maxRows rows: labels are cut shorter to pack more per row, then rows are dropped. */
function fitLegend(ctx: SKRSContext2D, spec: ChartSpec, width: number, maxRows: number): LegendItem[][] {
  if (maxRows < 1) return [];
  let rows = legendRows(ctx, spec, width, width);
  for (let columns = 2; rows.length > maxRows && columns <= 4; columns++) {
    rows = legendRows(ctx, spec, width, width / columns - SWATCH - 6 - LEGEND_GAP);
  }
  return rows.slice(0, maxRows);
}

function drawLegend(ctx: SKRSContext2D, rows: LegendItem[][], canvasWidth: number, top: number): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let total = 0;
    for (let i = 0; i < row.length; i++) total += row[i].width + (i ? LEGEND_GAP : 0);
    let x = Math.round((canvasWidth - total) / 2);
    const y = top + r * LEGEND_ROW + LEGEND_ROW / 2;
    for (const item of row) {
      if (item.band) {
        ctx.fillStyle = withAlpha(item.color, BAND_ALPHA);
        ctx.fillRect(x, y - 6, SWATCH, 12);
      }
      ctx.strokeStyle = item.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(item.dashed ? [6, 4] : []);
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + SWATCH, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#222';
      ctx.fillText(item.label, x + SWATCH + 6, y);
      x += item.width + LEGEND_GAP;
    }
  }
}

/** uPlot options for drawing off-screen: measured axis sizes, exact tick labels, no HTML parts. */
function pngOptions(options: uPlot.Options, width: number, height: number, font: string, measure: SKRSContext2D): uPlot.Options {
  const tickFont = `${TEXT_PX}px ${font}`;
  const labelFont = `bold ${TEXT_PX}px ${font}`;
  const values = (_u: uPlot, splits: number[]) => splits.map((v) => formatTick(v));
  const axes = (options.axes ?? []).map((axis, i): uPlot.Axis => {
    const vertical = i > 0;
    const tickSize = axis.ticks?.size ?? 10;
    const gap = axis.gap ?? 5;
    return {
      ...axis,
      font: tickFont,
      labelFont,
      labelSize: vertical ? 22 : 24,
      values,
      // the widest tick label decides how much room the y axis takes, as in a browser
      size: vertical
        ? (_u: uPlot, labels: string[] | null) => {
            measure.font = tickFont;
            let widest = 0;
            for (let k = 0; labels && k < labels.length; k++) widest = Math.max(widest, measure.measureText(labels[k] ?? '').width);
            return Math.ceil(Math.max(widest, 14)) + tickSize + gap + 4;
          }
        : TEXT_PX + tickSize + gap + 8,
    };
  });
  return {
    ...options,
    title: undefined,
    width,
    height,
    axes,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    padding: [10, 18, 0, 0],
  };
}

/** The chart drawn by uPlot as a PNG of exactly spec.width x spec.height pixels, on white. */
export function renderChartPng(spec: ChartSpec): Buffer {
  const width = Math.max(1, Math.round(spec.width));
  const height = Math.max(1, Math.round(spec.height));
  const font = fontFamily();
  const out: Canvas = createCanvas(width, height);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';

  const titleHeight = spec.title ? TITLE_PX + 2 * PAD : PAD;
  ctx.font = `${TEXT_PX}px ${font}`;
  // the legend may take at most a third of the height: a chart keeps its plot first
  const rows = fitLegend(ctx, spec, width - 2 * PAD, Math.floor((height / 3 - PAD) / LEGEND_ROW));
  const legendHeight = rows.length ? rows.length * LEGEND_ROW + PAD : 0;
  const plotHeight = Math.max(1, height - titleHeight - legendHeight);

  const { options, data } = toUplot(spec);
  const { UPlot, globals } = loadDom();
  withGlobals(globals, () => {
    const opts = pngOptions(options, width, plotHeight, font, ctx);
    // a function target lets us run uPlot's first draw in batch mode, synchronously, instead
    // of on the microtask uPlot would otherwise queue it on
    const plot = new UPlot(opts, data as uPlot.AlignedData, (u, init) => u.batch(init));
    try {
      ctx.drawImage(plot.ctx.canvas as unknown as Canvas, 0, titleHeight);
    } finally {
      plot.destroy();
    }
  });

  ctx.fillStyle = '#111';
  ctx.textAlign = 'center';
  if (spec.title) {
    ctx.font = `bold ${TITLE_PX}px ${font}`;
    ctx.fillText(fitText(ctx, spec.title, width - 2 * PAD), width / 2, PAD + TITLE_PX / 2);
  }
  ctx.textAlign = 'left';
  ctx.font = `${TEXT_PX}px ${font}`;
  drawLegend(ctx, rows, width, height - legendHeight);
  return out.toBuffer('image/png');
}

/**
 * Does the once-per-process work of the first chart now: the fonts and the DOM with uPlot
 * loaded into it. On the renderer's own thread (png-thread.ts) that happens while the runs
 * train, instead of when the chart is asked for.
 */
export function prepareChartRenderer(): void {
  fontFamily();
  loadDom();
}
