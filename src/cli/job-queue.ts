// The CLI: the runs of an experiment as a queue that its threads take runs from themselves,
// through counters in shared memory, so that no thread waits for the main thread between two
// runs (on a machine whose cores are all busy, its answer waited for a core: 10-40 ms idle
// after some runs of 25 ms, in a timeline of each thread).
//
// A thread prepares the rows of each (seed, fold) it trains once (standardised, dealt into
// folds) and keeps them for the other sets' runs of it, so a thread keeps to one (seed, fold)
// while that has runs left, then takes one no thread has begun, and at the end takes runs
// from another's, so that no thread idles while runs remain.
import type { ExperimentJob } from '../experiments/experiment.js';

/** What every thread is given once: the job indices of each (seed, fold), and the shared counters. */
export interface SharedJobs {
  /** Job indices per (seed, fold), in job order. */
  groups: number[][];
  /** [groups begun, then per group the runs taken]; claims past a group's end are simply ignored. */
  counters: Int32Array;
}

/** The jobs grouped by (seed, fold), with fresh counters in shared memory. */
export function sharedJobs(jobs: readonly ExperimentJob[]): SharedJobs {
  const byKey = new Map<string, number[]>();
  jobs.forEach((job, index) => {
    const key = `${job.seed}:${job.fold}`;
    const group = byKey.get(key);
    if (group) group.push(index);
    else byKey.set(key, [index]);
  });
  const groups = [...byKey.values()];
  return { groups, counters: new Int32Array(new SharedArrayBuffer(4 * (1 + groups.length))) };
}

/** One thread's view of the shared queue: which (seed, fold) it is on. */
export class JobTaker {
  private current = -1;

  constructor(private readonly shared: SharedJobs) {}

  /** The next job for this thread, or undefined when every job has been taken. */
  next(): number | undefined {
    const { groups, counters } = this.shared;
    if (this.current >= 0) {
      const index = this.take(this.current);
      if (index !== undefined) return index;
    }
    for (let group = Atomics.add(counters, 0, 1); group < groups.length; group = Atomics.add(counters, 0, 1)) {
      const index = this.take(group);
      if (index !== undefined) {
        this.current = group;
        return index;
      }
    }
    // Every (seed, fold) is begun: help with the one that has the most runs left.
    for (;;) {
      let most = -1;
      let left = 0;
      groups.forEach((jobs, group) => {
        const remaining = jobs.length - Atomics.load(counters, 1 + group);
        if (remaining > left) [most, left] = [group, remaining];
      });
      if (most < 0) return undefined;
      const index = this.take(most);
      if (index !== undefined) {
        this.current = most;
        return index;
      }
    }
  }

  private take(group: number): number | undefined {
    const jobs = this.shared.groups[group];
    const taken = Atomics.add(this.shared.counters, 1 + group, 1);
    return taken < jobs.length ? jobs[taken] : undefined;
  }
}
