// The worker-scaling figures' pure parts: comparing two results files bit for bit, and the
// account of where the two-thread time went.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstDifference, scalingBound } from '../../bench/commands.js';

const run = (seed: number, loss: number[], ms: number) => ({ train: 'all', seed, fold: 0, loss, accuracy: [0.5, 0.75], ms });

test('runs that differ only in their time are the same bits; the smallest change in a loss is found', () => {
  const one = [run(100, [0.5, 0.25], 10), run(101, [0.6, 0.3], 11)];
  assert.equal(firstDifference(one, [run(100, [0.5, 0.25], 30), run(101, [0.6, 0.3], 2)]), null);
  const nudged = 0.3 + Number.EPSILON / 4;
  assert.notEqual(nudged, 0.3);
  assert.equal(firstDifference(one, [run(100, [0.5, 0.25], 10), run(101, [0.6, nudged], 11)]), 'run 2 (all seed 101), field loss');
  assert.equal(firstDifference(one, one.slice(0, 1)), '2 runs against 1');
  assert.equal(firstDifference([{ ...one[0], extra: 1 }], [one[0]]), 'run 1 (all seed 100), field extra');
});

test('the two-thread time taken apart: side-by-side slowdown and time outside runs', () => {
  const text = scalingBound({ threads: 1, seconds: 1.76, trainingSeconds: 1.6, warmupMs: 100 }, { threads: 2, seconds: 1.34, trainingSeconds: 2.0, warmupMs: 250 });
  assert.match(text, /^1\.8x would be 0\.98 s \(2x: 0\.88 s\); measured 1\.34 s\./);
  // 2.0 / 1.6 = 1.25: a quarter slower each, 0.2 s of the wall.
  assert.match(text, /summed time is 2\.00 s against 1\.60 s on one thread \(25% slower each/);
  assert.match(text, /costing 0\.20 s of the wall/);
  // 1.34 - 2.0 / 2 = 0.34 s outside runs on two threads; 1.76 - 1.6 = 0.16 s on one.
  assert.match(text, /Outside runs: 0\.34 s on two threads \(worker start-up and warm-up 250 ms on the slower thread/);
  assert.match(text, /against 0\.16 s on one \(warm-up 100 ms\)/);
});
