// The experiment's machine-readable results, as `wasmlp experiment --json` writes them
// and the browser app downloads them.
import type { ExperimentConfig, PreparedData, RunResult } from './experiment.js';
import type { HeldOutDesign } from './folds.js';
import { formatShift } from './shifts.js';
import type { Verdict } from './verdict.js';

export interface ExperimentResults {
  dataset: { name: string; samples: number; features: number; classes: number; classNames: string[] };
  layers: number[];
  backend: string;
  config: {
    hidden: number[]; activation: string; epochs: number; batchSize: number; learningRate: number;
    optimizer: string; validationSplit: number; folds: number | 'none'; heldOut: HeldOutDesign['kind']; train: string[]; seeds: number[];
    /** Each hidden layer's activation (they differ only in a model from --init). */
    hiddenActivations: string[];
    /** The saved model every run started from (--init), or null. */
    init: string | null;
    /** The fine-tuning scenario: epochs of pretraining, the shift, the fraction of training rows (null where unused). */
    pretrain: number | null; shift: string | null; targetFraction: number | null;
    /** With --target-data: the source dataset pretrained on (the results' dataset is the target). */
    source: string | null;
  };
  runs: RunResult[];
  /**
   * The warm-up before the timed runs (warmup.ts), in milliseconds: the longest thread's. The
   * page warms up; the CLI compiles its kernels optimised instead and leaves this out.
   * No run's `ms` includes it.
   */
  warmupMs?: number;
}

/** Gathers an experiment's results in the JSON layout. */
export function experimentResults(
  data: PreparedData, sizes: number[], backend: string, config: ExperimentConfig, runs: RunResult[],
  init: { label: string; activations: string[] } | null = null, warmupMs?: number,
): ExperimentResults {
  return {
    dataset: { name: data.name, samples: data.samples, features: data.features, classes: data.classNames.length, classNames: data.classNames },
    layers: sizes,
    backend,
    config: {
      hidden: config.hidden, activation: config.activation, epochs: config.epochs, batchSize: config.batchSize,
      learningRate: config.learningRate, optimizer: config.optimizer, validationSplit: config.validationSplit,
      folds: config.heldOut.kind === 'folds' ? config.heldOut.folds : 'none', heldOut: config.heldOut.kind,
      train: config.sets.map((s) => s.name), seeds: config.seeds,
      hiddenActivations: init ? init.activations : config.hidden.map(() => config.activation), init: init?.label ?? null,
      pretrain: config.transfer?.pretrainEpochs ?? null,
      shift: config.transfer?.shift ? formatShift(config.transfer.shift) : null,
      targetFraction: config.transfer?.targetFraction ?? null,
      source: config.transfer?.sourceName ?? null,
    },
    // Models go to files of their own (--save), not into the results.
    runs: runs.map(({ model, ...run }) => { void model; return run; }),
    ...(warmupMs !== undefined ? { warmupMs } : {}),
  };
}

/** Total parameters of a network with these layer widths. */
export function parameterCount(sizes: number[]): number {
  return sizes.slice(1).reduce((sum, units, l) => sum + (sizes[l] + 1) * units, 0);
}

/** The results as the JSON holds them: the verdict first, where one was reached. */
export function withVerdict(results: ExperimentResults, verdict: Verdict | null): ExperimentResults & { verdict?: Verdict } {
  return verdict ? { verdict, ...results } : results;
}
