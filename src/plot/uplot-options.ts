// Turns a ChartSpec into uPlot options and data that are plain JSON, so one object serves
// the self-contained HTML report, the browser app and the PNG renderer alike.
import type uPlot from 'uplot';
import type { ChartSpec, LineSeries } from './chart-spec.js';
import { formatSignificant } from '../units.js';

/** Opacity of a min-max band: light enough that lines and other bands show through. */
export const BAND_ALPHA = 0.18;

const GRID = 'rgba(0,0,0,0.08)';
const AXIS_INK = '#333';
const AXIS_LINE = '#999';

// A few CSS names, so that a band can be made translucent without a DOM to resolve colours.
const NAMED: Record<string, [number, number, number]> = {
  black: [0, 0, 0], white: [255, 255, 255], red: [255, 0, 0], green: [0, 128, 0], blue: [0, 0, 255],
  orange: [255, 165, 0], purple: [128, 0, 128], gray: [128, 128, 128], grey: [128, 128, 128],
  brown: [165, 42, 42], pink: [255, 192, 203], teal: [0, 128, 128], navy: [0, 0, 128],
  magenta: [255, 0, 255], cyan: [0, 255, 255], olive: [128, 128, 0], maroon: [128, 0, 0],
  crimson: [220, 20, 60], steelblue: [70, 130, 180], darkorange: [255, 140, 0], tomato: [255, 99, 71],
};

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** The RGB of a CSS colour in #rgb, #rrggbb, #rrggbbaa, rgb(), hsl() or a common name; null if not understood. */
export function parseColor(color: string): [number, number, number] | null {
  const c = color.trim().toLowerCase();
  if (c in NAMED) return NAMED[c];
  let m = /^#([0-9a-f]{3,4})$/.exec(c);
  if (m) return [0, 1, 2].map((i) => parseInt(m![1][i] + m![1][i], 16)) as [number, number, number];
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(c);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)) as [number, number, number];
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(c);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /^hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%/.exec(c);
  if (m) return hslToRgb(Number(m[1]), Number(m[2]) / 100, Number(m[3]) / 100);
  return null;
}

/** The colour at the given opacity, as rgba(); grey when the colour is not understood. */
export function withAlpha(color: string, alpha: number): string {
  const rgb = parseColor(color) ?? [128, 128, 128];
  return `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${alpha})`;
}

/** A tick label that stays exact for small losses (uPlot's default prints 0.0001 as "0"): six significant digits, trailing zeros dropped. */
export function formatTick(value: number | null): string {
  if (value == null || !Number.isFinite(value)) return '';
  const text = formatSignificant(value, 6);
  // Ticks sit on round values: 0.25, not 0.250000 (an integer such as 120000 keeps its zeros).
  return text.includes('.') ? text.replace(/0+(?=e|$)/, '').replace(/\.(?=e|$)/, '') : text;
}

/** Legend figures: four significant digits, so that a loss of 0.0000123 is not 0.000 (uPlot's default); '' for a gap. */
export function formatLegendValue(value: number | null): string {
  return value == null || !Number.isFinite(value) ? '' : formatSignificant(value, 4);
}

/** Pixels between the y tick labels and the y axis's rotated label. */
export const Y_LABEL_GAP = 6;
/** Length of the axes' tick marks and the gap between a tick mark and its label, in CSS pixels. */
export const TICK_SIZE = 6;
export const TICK_GAP = 5;
/** Room for the rotated y axis label (one line of 12 px bold text and a margin). */
export const Y_LABEL_SIZE = 20;

/**
 * The y axis's width without its label (uPlot's axis `size`) for tick labels `widest` pixels
 * wide: tick mark, gap, the labels, then a gap before the axis label, so they never overlap.
 */
export function yAxisSize(widest: number): number {
  return Math.ceil(widest) + TICK_SIZE + TICK_GAP + Y_LABEL_GAP;
}

/** Values aligned to n points: finite numbers, null elsewhere (and at or below zero on a log axis). */
function aligned(values: readonly (number | null)[], n: number, logY: boolean): (number | null)[] {
  const out: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = i < values.length ? values[i] : null;
    // NaN and Infinity are not JSON, and a log axis cannot place zero or below
    out[i] = typeof v === 'number' && Number.isFinite(v) && (!logY || v > 0) ? v : null;
  }
  return out;
}

/** Width of the widest y tick label uPlot is likely to print, in characters. */
function yLabelChars(columns: (number | null)[][], logY: boolean): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let c = 0; c < columns.length; c++) {
    const col = columns[c];
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v == null) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return 3;
  // log ticks sit on powers of ten outside the data; linear ticks get a digit or two of step
  const ends = logY ? [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))] : [lo, hi];
  const step = logY ? 0 : (hi - lo) / 8;
  const extra = step > 0 && step < 1 ? Math.min(4, Math.ceil(-Math.log10(step))) : 0;
  let chars = 0;
  for (const v of ends) chars = Math.max(chars, formatTick(v).length + (logY ? 0 : extra));
  return Math.min(chars, 12);
}

/** Increments for an x axis of whole numbers, so epochs never get ticks like 2.5. */
function wholeIncrs(): number[] {
  const incrs: number[] = [];
  for (let mag = 1; mag <= 1e9; mag *= 10) incrs.push(mag, 2 * mag, 5 * mag);
  return incrs;
}

function lineSeries(s: LineSeries): uPlot.Series {
  const out: uPlot.Series = { label: s.label, stroke: s.color, width: 2, scale: 'y', spanGaps: false };
  if (s.dashed) out.dash = [8, 5];
  return out;
}

/** uPlot options and aligned data for a chart, pure JSON: no functions, no undefined, no NaN. */
export function toUplot(spec: ChartSpec): { options: uPlot.Options; data: (number | null)[][] } {
  const n = spec.x.length;
  const logY = spec.logY === true;
  const data: (number | null)[][] = [spec.x.slice()];
  const series: uPlot.Series[] = [{ label: spec.xLabel }];
  const bands: uPlot.Band[] = [];

  // Band edges come before every line so that uPlot paints all fills first and each line on
  // top; the edges are invisible (width 0) and exist only to carry the band's outline.
  for (const s of spec.series) {
    if (!s.band) continue;
    const upper = data.length;
    data.push(aligned(s.band.max, n, logY));
    series.push({ label: `${s.label} max`, class: 'band-edge', stroke: s.color, width: 0, scale: 'y', points: { show: false } });
    data.push(aligned(s.band.min, n, logY));
    series.push({ label: `${s.label} min`, class: 'band-edge', stroke: s.color, width: 0, scale: 'y', points: { show: false } });
    bands.push({ series: [upper, upper + 1], fill: withAlpha(s.color, BAND_ALPHA) });
  }
  for (const s of spec.series) {
    data.push(aligned(s.values, n, logY));
    series.push(lineSeries(s));
  }

  const wholeX = spec.x.every((v) => Number.isInteger(v));
  const xAxis: uPlot.Axis = {
    label: spec.xLabel,
    stroke: AXIS_INK,
    grid: { stroke: GRID, width: 1 },
    ticks: { stroke: GRID, width: 1, size: TICK_SIZE },
    border: { show: true, stroke: AXIS_LINE, width: 1 },
    gap: TICK_GAP,
    // tick mark, gap and one line of 12 px labels; uPlot's 50 + 30 leaves the axis half empty
    size: TICK_SIZE + TICK_GAP + 20,
    labelSize: 20,
  };
  if (wholeX) xAxis.incrs = wholeIncrs();
  const yAxis: uPlot.Axis = {
    label: spec.yLabel,
    stroke: AXIS_INK,
    grid: { stroke: GRID, width: 1 },
    ticks: { stroke: GRID, width: 1, size: TICK_SIZE },
    border: { show: true, stroke: AXIS_LINE, width: 1 },
    gap: TICK_GAP,
    labelSize: Y_LABEL_SIZE,
    // uPlot's fixed 50px clips long labels such as 0.0025, and a size in JSON must be a number:
    // estimated here from the widest label at ~7 px a character; the page measures its own
    size: yAxisSize(yLabelChars(data.slice(1), logY) * 7),
  };

  const options: uPlot.Options = {
    title: spec.title,
    width: spec.width,
    height: spec.height,
    scales: {
      x: { time: false },
      y: logY ? { distr: 3, log: 10 } : { auto: true },
    },
    series,
    bands,
    axes: [xAxis, yAxis],
    legend: { show: true },
  };
  return { options, data };
}
