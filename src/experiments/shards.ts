// Sweeps beyond one machine: `--shard i/n` runs the i-th of n disjoint slices of the grid
// (sets x seeds x folds, in job order) and writes its part of the results; merging the n
// parts gives the results of one run (identical apart from timings). Parts that disagree
// on the experiment, overlap or leave a gap are refused by name.
import type { ExperimentResults } from './results.js';
import type { RunResult } from './experiment.js';
import { designOf } from './describe.js';
import { foldCount } from './folds.js';

/** Which slice a process runs: `index` of `count`, both counted from 1 (as Jest and Playwright do). */
export interface Shard { index: number; count: number }

/** A shard's part of the results: the runs of its jobs, and which jobs (indices in the whole grid) they are. */
export type ResultsPart = ExperimentResults & { shard: Shard & { jobs: number[] } };

/** Reads 'i/n'. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(count >= 1 && index >= 1 && index <= count && Number.isSafeInteger(count))) {
    throw new RangeError(`expected i/n with 1 <= i <= n, such as 2/3; got '${text}'`);
  }
  return { index, count };
}

/** The job indices of a shard: the i-th of n contiguous, near-equal slices of `jobs` jobs. */
export function shardJobs(shard: Shard, jobs: number): number[] {
  const start = Math.floor(((shard.index - 1) * jobs) / shard.count);
  const end = Math.floor((shard.index * jobs) / shard.count);
  return Array.from({ length: end - start }, (_, i) => start + i);
}

/** The grid's size as the results' settings describe it. */
export function gridSize(results: Omit<ExperimentResults, 'runs'>): number {
  return results.config.train.length * results.config.seeds.length * foldCount(designOf(results.config));
}

/** Merges shard parts (named for messages) into the results of one run. */
export function mergeParts(parts: readonly { name: string; part: ResultsPart }[]): ExperimentResults {
  if (parts.length === 0) throw new RangeError('no parts to merge');
  const [first] = parts;
  // What defines the experiment: everything but the runs, the shard and the warm-up's timing.
  const experimentOf = ({ shard: _shard, runs: _runs, warmupMs: _warmupMs, ...rest }: ResultsPart): string => JSON.stringify(rest);
  const reference = experimentOf(first.part);
  const count = first.part.shard.count;
  const byIndex = new Map<number, string>();
  const runs = new Map<number, RunResult>();
  for (const { name, part } of parts) {
    if (experimentOf(part) !== reference) throw new RangeError(`${name}: a different experiment from ${first.name} (dataset, network, settings or backend differ)`);
    if (part.shard.count !== count) throw new RangeError(`${name}: shard ${part.shard.index}/${part.shard.count}, but ${first.name} is one of ${count}`);
    const twice = byIndex.get(part.shard.index);
    if (twice) throw new RangeError(`shard ${part.shard.index}/${count} is given twice: ${twice} and ${name}`);
    byIndex.set(part.shard.index, name);
    if (part.shard.jobs.length !== part.runs.length) throw new RangeError(`${name}: ${part.runs.length} runs for ${part.shard.jobs.length} jobs`);
    part.shard.jobs.forEach((job, i) => {
      if (runs.has(job)) throw new RangeError(`${name}: job ${job + 1} is also in another part`);
      runs.set(job, part.runs[i]);
    });
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) throw new RangeError(`missing ${missing.length === 1 ? 'shard' : 'shards'} ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  const total = gridSize(first.part);
  if (runs.size !== total) throw new RangeError(`the parts hold ${runs.size} of the experiment's ${total} runs`);
  const { shard: _shard, runs: _runs, warmupMs: _warmupMs, ...experiment } = first.part;
  const warmups = parts.map(({ part }) => part.warmupMs).filter((ms): ms is number => ms !== undefined);
  return {
    ...experiment, runs: Array.from({ length: total }, (_, job) => runs.get(job) as RunResult),
    // The longest thread's warm-up, as one run reports it.
    ...(warmups.length > 0 ? { warmupMs: Math.max(...warmups) } : {}),
  };
}
