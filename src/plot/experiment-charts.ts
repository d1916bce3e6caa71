// The charts of an experiment, as drawing-library-free specs: loss, accuracy and
// per-layer gradient norms over epochs, one colour per trainable set, min-max bands across seeds.
import type { ChartSpec, LineSeries } from './chart-spec.js';
import type { Band, SetSummary } from '../experiments/summary.js';
import { setColor } from './palette.js';
import { describeSet } from '../experiments/train-sets.js';

/** The loss chart: mean training loss per set with its band, validation loss dashed. */
export function lossChart(summaries: SetSummary[], width: number, height: number): ChartSpec {
  return curveChart(summaries, 'Loss', 'loss', (s) => s.curves.loss, (s) => s.curves.valLoss, width, height, true);
}

/** The accuracy chart, laid out like the loss chart. */
export function accuracyChart(summaries: SetSummary[], width: number, height: number): ChartSpec {
  return curveChart(summaries, 'Accuracy', 'accuracy', (s) => s.curves.accuracy, (s) => s.curves.valAccuracy, width, height, false);
}

/** One chart per layer: the mean gradient norm of that layer over epochs, for every set that trains it. */
export function gradientNormCharts(summaries: SetSummary[], sizes: number[], width: number, height: number): ChartSpec[] {
  const layers = sizes.length - 1;
  return Array.from({ length: layers }, (_, l) => {
    const series: LineSeries[] = [];
    summaries.forEach((s, i) => {
      const curve = s.curves.gradNorm[l];
      if (!curve || curve.mean.every((v) => v === null)) return;
      series.push({ label: describeSet(s.train), color: setColor(i), values: curve.mean, band: s.runs > 1 ? bandOf(curve) : undefined });
    });
    return {
      title: `Layer ${l + 1} (${sizes[l]}→${sizes[l + 1]}) gradient norm`, xLabel: 'epoch', yLabel: '‖∇‖ per step',
      x: epochs(summaries), series, width, height, logY: true,
    };
  });
}

function curveChart(
  summaries: SetSummary[], title: string, yLabel: string,
  train: (s: SetSummary) => Band, validation: (s: SetSummary) => Band | undefined,
  width: number, height: number, logY: boolean,
): ChartSpec {
  const series: LineSeries[] = [];
  summaries.forEach((s, i) => {
    series.push({ label: describeSet(s.train), color: setColor(i), values: train(s).mean, band: s.runs > 1 ? bandOf(train(s)) : undefined });
    const held = validation(s);
    if (held) series.push({ label: `${describeSet(s.train)} (held-out)`, color: setColor(i), values: held.mean, dashed: true });
  });
  return { title, xLabel: 'epoch', yLabel, x: epochs(summaries), series, width, height, logY };
}

function bandOf(curve: Band): { min: (number | null)[]; max: (number | null)[] } {
  return { min: curve.min, max: curve.max };
}

function epochs(summaries: SetSummary[]): number[] {
  const count = summaries[0]?.curves.loss.mean.length ?? 0;
  return Array.from({ length: count }, (_, e) => e + 1);
}
