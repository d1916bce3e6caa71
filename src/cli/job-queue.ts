// The CLI: the order in which the pool hands runs to its threads. A thread prepares the rows
// of each (seed, fold) it trains once (standardised, shuffled into folds) and keeps them for
// the other sets' runs of it, so the queue keeps each thread on one (seed, fold) while that
// has runs left, then gives it a (seed, fold) no thread has begun, and at the end lets it
// take runs from another's, so that no thread idles while runs remain.
import type { ExperimentJob } from '../experiments/experiment.js';

export class JobQueue {
  /** The job indices of each (seed, fold), in job order; emptied as runs are handed out. */
  private readonly groups: number[][];
  /** Groups no thread has taken a run from yet, in job order. */
  private fresh: number;
  private readonly current = new Map<number, number[]>();
  private remaining: number;

  constructor(jobs: readonly ExperimentJob[]) {
    const byKey = new Map<string, number[]>();
    jobs.forEach((job, index) => {
      const key = `${job.seed}:${job.fold}`;
      const group = byKey.get(key);
      if (group) group.push(index);
      else byKey.set(key, [index]);
    });
    this.groups = [...byKey.values()];
    this.fresh = 0;
    this.remaining = jobs.length;
  }

  /** Jobs not handed out yet. */
  get left(): number {
    return this.remaining;
  }

  /** The next job for a thread, or undefined when every job has been handed out. */
  next(thread: number): number | undefined {
    if (this.remaining === 0) return undefined;
    this.remaining--;
    let group = this.current.get(thread);
    if (!group || group.length === 0) {
      group = this.fresh < this.groups.length ? this.groups[this.fresh++] : this.largestLeft();
      if (!group) return undefined;
      this.current.set(thread, group);
    }
    return group.shift();
  }

  private largestLeft(): number[] | undefined {
    let largest: number[] | undefined;
    for (const group of this.groups) if (group.length > 0 && (!largest || group.length > largest.length)) largest = group;
    return largest;
  }
}
