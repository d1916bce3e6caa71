// Figures across seeds: per trainable set, the mean curve with its min-max band,
// and the final figures as mean ± standard deviation.
import type { RunResult } from './experiment.js';
import { setHistoryName } from './train-sets.js';

/** Mean, sample standard deviation, min and max of some numbers (NaN when there are none). */
export interface Stat { mean: number; std: number; min: number; max: number; count: number }

/** A curve across seeds: per epoch, the mean and the min-max band (null past every run's end). */
export interface Band { mean: (number | null)[]; min: (number | null)[]; max: (number | null)[] }

export interface SetSummary {
  /** The set's notation, or its history when it changed mid-run (setHistoryName). */
  train: string;
  trainableParams: number;
  runs: number;
  /** Runs whose loss became NaN or infinite. */
  diverged: number;
  msMean: number;
  final: { loss: Stat; accuracy: Stat; valLoss?: Stat; valAccuracy?: Stat };
  curves: { loss: Band; accuracy: Band; valLoss?: Band; valAccuracy?: Band; gradNorm: Band[] };
}

/** Groups runs by trainable set (and its mid-run changes), keeping the sets' first-seen order. */
export function summarize(runs: RunResult[], epochs: number): SetSummary[] {
  const bySet = new Map<string, RunResult[]>();
  for (const run of runs) {
    const name = setHistoryName(run);
    bySet.set(name, [...(bySet.get(name) ?? []), run]);
  }
  return [...bySet.entries()].map(([train, group]) => {
    const last = (values: number[] | undefined): number => (values && values.length > 0 ? values[values.length - 1] : NaN);
    const layers = group[0].gradNorm[0]?.length ?? 0;
    const hasValidation = group[0].valLoss !== undefined;
    const summary: SetSummary = {
      train,
      trainableParams: group[0].trainableParams,
      runs: group.length,
      diverged: group.filter((run) => run.divergedAt !== undefined).length,
      msMean: group.reduce((sum, run) => sum + run.ms, 0) / group.length,
      final: { loss: stat(group.map((run) => last(run.loss))), accuracy: stat(group.map((run) => last(run.accuracy))) },
      curves: {
        loss: band(group.map((run) => run.loss), epochs),
        accuracy: band(group.map((run) => run.accuracy), epochs),
        gradNorm: Array.from({ length: layers }, (_, l) => band(group.map((run) => run.gradNorm.map((norms) => norms[l])), epochs)),
      },
    };
    if (hasValidation) {
      summary.final.valLoss = stat(group.map((run) => last(run.valLoss)));
      summary.final.valAccuracy = stat(group.map((run) => last(run.valAccuracy)));
      summary.curves.valLoss = band(group.map((run) => run.valLoss ?? []), epochs);
      summary.curves.valAccuracy = band(group.map((run) => run.valAccuracy ?? []), epochs);
    }
    return summary;
  });
}

/** A figure for tables: the mean, with ± the standard deviation when there are several seeds. */
export function formatStat(value: Stat | undefined, spread: boolean, digits = 4): string {
  if (!value || value.count === 0) return '—';
  return spread ? `${value.mean.toFixed(digits)} ± ${value.std.toFixed(digits)}` : value.mean.toFixed(digits);
}

/** Statistics of the finite values among `values`. */
export function stat(values: number[]): Stat {
  const finite = values.filter(Number.isFinite);
  const count = finite.length;
  if (count === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN, count };
  let sum = 0;
  for (let i = 0; i < count; i++) sum += finite[i];
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (finite[i] - mean) ** 2;
  return { mean, std: count > 1 ? Math.sqrt(squares / (count - 1)) : 0, min: Math.min(...finite), max: Math.max(...finite), count };
}

function band(curves: (number | null)[][], epochs: number): Band {
  const result: Band = { mean: [], min: [], max: [] };
  for (let e = 0; e < epochs; e++) {
    let sum = 0;
    let count = 0;
    let low = Infinity;
    let high = -Infinity;
    for (let r = 0; r < curves.length; r++) {
      const value = curves[r][e];
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      sum += value;
      count++;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    result.mean.push(count > 0 ? sum / count : null);
    result.min.push(count > 0 ? low : null);
    result.max.push(count > 0 ? high : null);
  }
  return result;
}
