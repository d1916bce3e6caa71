// The order the pool hands runs to its threads: every run once, a thread kept on one
// (seed, fold) while it has runs, a fresh one next, and at the end runs taken from another's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobQueue } from '../../src/cli/job-queue.js';
import type { ExperimentJob } from '../../src/experiments/experiment.js';

// sets outermost, then seeds, then folds: the order experimentJobs lists them in
function jobs(sets: number, seeds: number, folds: number): ExperimentJob[] {
  const list: ExperimentJob[] = [];
  for (let setIndex = 0; setIndex < sets; setIndex++) {
    for (let seed = 100; seed < 100 + seeds; seed++) for (let fold = 1; fold <= folds; fold++) list.push({ setIndex, seed, fold });
  }
  return list;
}

test('every job is handed out exactly once, whichever threads ask in whatever order', () => {
  for (const [sets, seeds, folds, threads] of [[1, 1, 1, 2], [3, 2, 5, 2], [8, 3, 1, 3], [2, 1, 5, 4]]) {
    const list = jobs(sets, seeds, folds);
    const queue = new JobQueue(list);
    const handed: number[] = [];
    // an uneven order of asking, as threads that finish at different times would make
    for (let turn = 0; ; turn++) {
      const index = queue.next((turn * 7) % threads);
      if (index === undefined) break;
      handed.push(index);
    }
    assert.deepEqual([...handed].sort((a, b) => a - b), list.map((_, i) => i), `${sets}x${seeds}x${folds} on ${threads}`);
    assert.equal(queue.next(0), undefined);
  }
});

test('a thread keeps to one (seed, fold) until its runs are out, then takes one no thread has begun', () => {
  const list = jobs(4, 2, 2);
  const queue = new JobQueue(list);
  const key = (index: number): string => `${list[index].seed}:${list[index].fold}`;
  const first = [queue.next(0), queue.next(0)].map((index) => key(index as number));
  assert.deepEqual(first, ['100:1', '100:1']);
  // the other thread starts on another (seed, fold), not the first one's
  assert.equal(key(queue.next(1) as number), '100:2');
  assert.deepEqual([queue.next(0), queue.next(0)].map((index) => key(index as number)), ['100:1', '100:1']);
  // thread 0's (seed, fold) has no runs left: it takes the next untouched one
  assert.equal(key(queue.next(0) as number), '101:1');
});

test('at the end a thread with nothing of its own left takes runs from the (seed, fold) with the most left', () => {
  const list = jobs(6, 1, 2);
  const queue = new JobQueue(list);
  const key = (index: number): string => `${list[index].seed}:${list[index].fold}`;
  assert.equal(key(queue.next(0) as number), '100:1');
  assert.equal(key(queue.next(1) as number), '100:2');
  for (let i = 0; i < 5; i++) assert.equal(key(queue.next(1) as number), '100:2');
  // thread 1 is done with its own, and no (seed, fold) is untouched: it helps with thread 0's
  assert.equal(key(queue.next(1) as number), '100:1');
});
