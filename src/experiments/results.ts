// The experiment's machine-readable results, as `wasmlp experiment --json` writes them
// and the browser app downloads them.
import type { ExperimentConfig, PreparedData, RunResult } from './experiment.js';

export interface ExperimentResults {
  dataset: { name: string; samples: number; features: number; classes: number; classNames: string[] };
  layers: number[];
  backend: string;
  config: {
    hidden: number[]; activation: string; epochs: number; batchSize: number; learningRate: number;
    optimizer: string; validationSplit: number; train: string[]; seeds: number[];
  };
  runs: RunResult[];
  /**
   * The warm-up before the timed runs (warmup.ts), in milliseconds: the longest thread's.
   * No run's `ms` includes it.
   */
  warmupMs?: number;
}

/** Gathers an experiment's results in the JSON layout. */
export function experimentResults(data: PreparedData, sizes: number[], backend: string, config: ExperimentConfig, runs: RunResult[], warmupMs?: number): ExperimentResults {
  return {
    dataset: { name: data.name, samples: data.samples, features: data.features, classes: data.classNames.length, classNames: data.classNames },
    layers: sizes,
    backend,
    config: {
      hidden: config.hidden, activation: config.activation, epochs: config.epochs, batchSize: config.batchSize,
      learningRate: config.learningRate, optimizer: config.optimizer, validationSplit: config.validationSplit,
      train: config.sets.map((s) => s.name), seeds: config.seeds,
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
