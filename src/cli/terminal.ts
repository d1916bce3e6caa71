// The CLI: what `wasmlp experiment` prints: the table of final figures per
// trainable set, a line chart of the mean loss curves, and a progress bar.
import asciichart from 'asciichart';
import { createRequire } from 'node:module';
import type { SingleBar, Presets } from 'cli-progress';
import { formatStat, type SetSummary } from '../experiments/summary.js';
import { SET_ANSI } from '../plot/palette.js';
import { describeSet } from '../experiments/train-sets.js';

const RESET = '\x1b[0m';

/** The final-figures table: one row per trainable set. */
export function resultsTable(summaries: SetSummary[], totalParams: number, seeds: number, color: boolean): string {
  const spread = seeds > 1;
  const hasValidation = summaries.some((s) => s.final.valLoss);
  const header = ['train', 'trainable params', spread ? 'loss (mean ± sd)' : 'loss', spread ? 'accuracy (mean ± sd)' : 'accuracy'];
  if (hasValidation) header.push('val loss', 'val accuracy');
  header.push('ms/run');
  const rows = summaries.map((s) => {
    const row = [s.train, `${s.trainableParams} of ${totalParams}`, formatStat(s.final.loss, spread), formatStat(s.final.accuracy, spread)];
    if (hasValidation) row.push(formatStat(s.final.valLoss, spread), formatStat(s.final.valAccuracy, spread));
    row.push(s.msMean.toFixed(1));
    if (s.diverged > 0) row[2] += ` (${s.diverged} diverged)`;
    return row;
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const paint = (text: string, i: number): string => (color ? `${SET_ANSI[i % SET_ANSI.length]}${text}${RESET}` : text);
  return [line(header), ...rows.map((row, i) => paint(line(row), i))].join('\n');
}

/** The mean training (or held-out) loss curves of every set, as a terminal line chart with a legend. */
export function lossChart(summaries: SetSummary[], color: boolean, columns = 72, which: 'loss' | 'valLoss' = 'loss'): string {
  const curves = summaries.map((s) => s.curves[which]?.mean ?? []);
  const epochs = curves[0]?.length ?? 0;
  if (epochs < 2) return '';
  const points = Math.min(epochs, columns);
  const pick = Array.from({ length: points }, (_, i) => Math.round((i * (epochs - 1)) / (points - 1)));
  // Losses fall by decades, so the chart plots log10(loss) and labels the axis in losses.
  const series = curves.map((curve) => pick.map((e) => {
    const value = curve[e];
    return value !== null && value > 0 && Number.isFinite(value) ? Math.log10(value) : NaN;
  }));
  if (!series.flat().some(Number.isFinite)) return '';
  const chart = overlayPlot(series, color, 12, (value: number) => axisLabel(10 ** value));
  const legend = summaries.map((s, i) => paintSeries(`${seriesMark(i).repeat(2)} ${describeSet(s.train)}`, i, color)).join('   ');
  const axis = `${' '.repeat(10)}epoch 1${' '.repeat(Math.max(1, points - 14))}epoch ${epochs}`;
  return `mean ${which === 'loss' ? 'training' : 'held-out'} loss per epoch, log scale${color ? '' : ' (series in table order)'}\n${chart}\n${axis}\n${' '.repeat(10)}${legend}`;
}

// An axis label of at most 9 characters, so that every row's axis stays in one column:
// three significant digits, in exponent form when the plain one is longer (0.00000596).
function axisLabel(loss: number): string {
  const plain = loss.toPrecision(3);
  return (plain.length <= 9 ? plain : loss.toExponential(2)).padStart(9);
}

/**
 * The line characters of series i, so that series tell apart without colour: light and
 * double box-drawing lines first, then a mark character per series for the rest. Each is
 * asciichart's symbols: the axis' four, then horizontal, down-from, up-from, down-to,
 * up-to and vertical.
 */
function seriesSymbols(i: number): string[] {
  const axis = ['┼', '┤', '╶', '╴'];
  if (i === 0) return [...axis, '─', '╰', '╭', '╮', '╯', '│'];
  if (i === 1) return [...axis, '═', '╚', '╔', '╗', '╝', '║'];
  return [...axis, ...Array<string>(6).fill(seriesMark(i))];
}

// After the two lines, characters that no line, axis or label uses.
const MARKS = ['─', '═', '*', '+', 'o', 'x', '#', '~', '%', '@', ...'abcdfghjkmnpqrstuvwyz'];

/** The character that stands for series i in the chart and its legend. */
export function seriesMark(i: number): string {
  return MARKS[i % MARKS.length];
}

function paintSeries(text: string, i: number, color: boolean): string {
  return color ? `${SET_ANSI[i % SET_ANSI.length]}${text}${RESET}` : text;
}

/**
 * Draws every series on one axis with its own characters (seriesSymbols), later series over
 * earlier ones as asciichart does. asciichart draws each run of finite values alone, on the
 * common scale, so a value that is not finite (a run that diverged) leaves a gap instead of
 * breaking the chart.
 */
function overlayPlot(series: number[][], color: boolean, height: number, format: (value: number) => string): string {
  const finite = series.flat().filter(Number.isFinite);
  const scale = { min: Math.min(...finite), max: Math.max(...finite), height, format };
  const width = Math.max(...series.map((values) => values.length));
  // asciichart's rows: y from min2 to max2 on the scale, the highest first; the axis has '┼'
  // where a series starts ('┤' elsewhere: on a log scale its zero row means nothing).
  const range = scale.max - scale.min;
  const ratio = range !== 0 ? height / range : 1;
  const min2 = Math.round(scale.min * ratio);
  const rowCount = Math.round(scale.max * ratio) - min2 + 1;
  const axis = Array<string>(rowCount).fill('┤');
  let labels: string[] = [];
  const cells = Array.from({ length: rowCount }, () => Array.from({ length: width }, () => ({ char: ' ', series: -1 })));
  series.forEach((values, s) => {
    if (Number.isFinite(values[0])) axis[rowCount - 1 - (Math.round(values[0] * ratio) - min2)] = '┼';
    for (let start = 0; start < values.length;) {
      if (!Number.isFinite(values[start])) { start++; continue; }
      let end = start;
      while (end < values.length && Number.isFinite(values[end])) end++;
      const piece = values.slice(start, end);
      const rows = asciichart.plot(piece, { ...scale, symbols: seriesSymbols(s) }).split('\n');
      // Each row is the label, the axis, then one cell per value (the last one blank).
      labels = rows.map((row) => row.slice(0, row.length - piece.length - 1));
      rows.forEach((row, r) => {
        const plotted = row.slice(row.length - piece.length);
        for (let c = 0; c < plotted.length; c++) if (plotted[c] !== ' ') cells[r][start + c] = { char: plotted[c], series: s };
      });
      start = end;
    }
  });
  return cells.map((row, r) => labels[r] + axis[r] + row.map((cell) => (cell.series >= 0 ? paintSeries(cell.char, cell.series, color) : cell.char)).join('').trimEnd()).join('\n');
}

/** A progress bar on stderr that appears only once work has lasted a second, and only on a terminal. */
export function progressBar(total: number): { update(done: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  let bar: SingleBar | null = null;
  let latest = 0;
  const show = (): void => {
    // Loaded only when a bar is shown: most runs finish before a second has passed.
    const cliProgress = createRequire(import.meta.url)('cli-progress') as { SingleBar: typeof SingleBar; Presets: typeof Presets };
    bar = new cliProgress.SingleBar({
      format: 'training [{bar}] {value}/{total} runs | {eta_formatted} left', stream: process.stderr, hideCursor: true, clearOnComplete: true,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, latest);
  };
  const timer = setTimeout(show, 1000);
  return {
    update(done: number) {
      latest = done;
      if (!bar && Date.now() - started > 1000) show();
      bar?.update(done);
    },
    stop() {
      clearTimeout(timer);
      bar?.stop();
    },
  };
}

