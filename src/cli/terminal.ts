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
  const chart = asciichart.plot(series, {
    height: 12,
    colors: color ? summaries.map((_, i) => SET_ANSI[i % SET_ANSI.length]) : undefined,
    format: (value: number) => (10 ** value).toPrecision(3).padStart(9),
  });
  const legend = summaries.map((s, i) => (color ? `${SET_ANSI[i % SET_ANSI.length]}── ${describeSet(s.train)}${RESET}` : `── ${describeSet(s.train)}`)).join('   ');
  const axis = `${' '.repeat(10)}epoch 1${' '.repeat(Math.max(1, points - 14))}epoch ${epochs}`;
  return `mean ${which === 'loss' ? 'training' : 'held-out'} loss per epoch, log scale${color ? '' : ' (series in table order)'}\n${chart}\n${axis}\n${' '.repeat(10)}${legend}`;
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

