// The queue the pool's threads take runs from: every run taken once, a thread kept on one
// (seed, fold) while it has runs, a fresh one next, and at the end runs taken from another's;
// and the same through shared memory from several threads at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { JobTaker, sharedJobs } from '../../src/cli/job-queue.js';
import type { ExperimentJob } from '../../src/experiments/experiment.js';

// sets outermost, then seeds, then folds: the order experimentJobs lists them in
function jobs(sets: number, seeds: number, folds: number): ExperimentJob[] {
  const list: ExperimentJob[] = [];
  for (let setIndex = 0; setIndex < sets; setIndex++) {
    for (let seed = 100; seed < 100 + seeds; seed++) for (let fold = 1; fold <= folds; fold++) list.push({ setIndex, seed, fold });
  }
  return list;
}

test('every job is taken exactly once, whichever takers ask in whatever order', () => {
  for (const [sets, seeds, folds, threads] of [[1, 1, 1, 2], [3, 2, 5, 2], [8, 3, 1, 3], [2, 1, 5, 4]]) {
    const list = jobs(sets, seeds, folds);
    const shared = sharedJobs(list);
    const takers = Array.from({ length: threads }, () => new JobTaker(shared));
    const taken: number[] = [];
    // an uneven order of asking, as threads that finish at different times would make
    for (let turn = 0; ; turn++) {
      const index = takers[(turn * 7) % threads].next();
      if (index === undefined) break;
      taken.push(index);
    }
    assert.deepEqual([...taken].sort((a, b) => a - b), list.map((_, i) => i), `${sets}x${seeds}x${folds} on ${threads}`);
    assert.ok(takers.every((taker) => taker.next() === undefined));
  }
});

test('a taker keeps to one (seed, fold) until its runs are out, then takes one no taker has begun', () => {
  const list = jobs(4, 2, 2);
  const shared = sharedJobs(list);
  const [a, b] = [new JobTaker(shared), new JobTaker(shared)];
  const key = (index: number | undefined): string => `${list[index as number].seed}:${list[index as number].fold}`;
  assert.deepEqual([key(a.next()), key(a.next())], ['100:1', '100:1']);
  // the other starts on another (seed, fold), not the first one's
  assert.equal(key(b.next()), '100:2');
  assert.deepEqual([key(a.next()), key(a.next())], ['100:1', '100:1']);
  // a's (seed, fold) has no runs left: it takes the next untouched one
  assert.equal(key(a.next()), '101:1');
});

test('at the end a taker with nothing of its own left takes runs from the (seed, fold) with the most left', () => {
  const list = jobs(6, 1, 2);
  const shared = sharedJobs(list);
  const [a, b] = [new JobTaker(shared), new JobTaker(shared)];
  const key = (index: number | undefined): string => `${list[index as number].seed}:${list[index as number].fold}`;
  assert.equal(key(a.next()), '100:1');
  assert.equal(key(b.next()), '100:2');
  for (let i = 0; i < 5; i++) assert.equal(key(b.next()), '100:2');
  // b is done with its own, and no (seed, fold) is untouched: it helps with a's
  assert.equal(key(b.next()), '100:1');
});

test('threads taking from the same shared queue at once take every job exactly once', async () => {
  const list = jobs(8, 20, 5);
  const shared = sharedJobs(list);
  const takerModule = new URL('../../src/cli/job-queue.js', import.meta.url).href;
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.takerModule).then(({ JobTaker }) => {
      const taker = new JobTaker(workerData.shared);
      const taken = [];
      for (let index = taker.next(); index !== undefined; index = taker.next()) taken.push(index);
      parentPort.postMessage(taken);
    });`;
  const runs = await Promise.all(Array.from({ length: 4 }, () => new Promise<number[]>((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { shared, takerModule } });
    worker.once('message', (taken: number[]) => { resolve(taken); void worker.terminate(); });
    worker.once('error', reject);
  })));
  assert.deepEqual(runs.flat().sort((x, y) => x - y), list.map((_, i) => i));
});
