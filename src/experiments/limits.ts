// The documented caps on an experiment's size, checked before anything is expanded or
// allocated, each refused with a message that names the cap and how to go beyond it.

import { formatCount } from '../units.js';

export const EXPERIMENT_LIMITS = {
  /** `--train every` expands to 2^layers subsets: at most 1024 (networks of up to 10 layers). */
  maxEverySubsets: 1024,
  /** Seeds in one experiment. */
  maxSeeds: 10_000,
  /** Epochs of one run. */
  maxEpochs: 1_000_000,
  /** Runs in an experiment's whole grid (sets x seeds x folds), even split into shards. */
  maxGridRuns: 1_000_000,
  /** Runs one command trains (its shard's, with --shard). */
  maxRuns: 10_000,
  /** Epochs one command records over all its runs (runs x epochs): each keeps its losses, accuracies and gradient norms. */
  maxEpochRecords: 10_000_000,
} as const;

/**
 * Refuses a grid over the caps before its jobs are listed: sets x seeds x folds at most
 * maxGridRuns; the runs this command trains (`runs`, its shard's) at most maxRuns and, times
 * the epochs, at most maxEpochRecords.
 */
export function checkGrid(grid: { sets: number; seeds: number; folds: number }, runs: number, epochs: number): void {
  const total = grid.sets * grid.seeds * grid.folds;
  const product = `${formatCount(grid.sets)} sets x ${formatCount(grid.seeds)} seeds x ${formatCount(grid.folds)} folds`;
  if (total > EXPERIMENT_LIMITS.maxGridRuns) {
    throw new RangeError(`the grid has ${formatCount(total)} runs (${product}), more than the ${formatCount(EXPERIMENT_LIMITS.maxGridRuns)} an experiment may hold; fewer sets, seeds or folds`);
  }
  if (runs > EXPERIMENT_LIMITS.maxRuns) {
    throw new RangeError(`${formatCount(runs)} runs (${product}) are more than the ${formatCount(EXPERIMENT_LIMITS.maxRuns)} one command trains; split them with --shard i/n (wasmlp merge combines the parts)`);
  }
  if (runs * epochs > EXPERIMENT_LIMITS.maxEpochRecords) {
    throw new RangeError(`${formatCount(runs)} runs of ${formatCount(epochs)} epochs are ${formatCount(runs * epochs)} epochs to record, more than the ${formatCount(EXPERIMENT_LIMITS.maxEpochRecords)} one command keeps; split the runs with --shard i/n (wasmlp merge combines the parts)`);
  }
}
