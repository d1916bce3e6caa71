// The worker-scaling figures' pure parts: comparing two results files bit for bit, the hardware
// ceiling from two processes side by side, and the account of where the two-thread time went;
// and that a training thread of the CLI still answers the start-up probe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstDifference, hardwareCeiling, scalingBound, timeWorkerStarts } from '../../bench/commands.js';

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
  assert.match(text, /Outside runs: 0\.34 s on two threads \(worker start-up, warm-up 250 ms on the slower thread, work split and result transfer\)/);
  assert.match(text, /against 0\.16 s on one \(warm-up 100 ms\)/);
});

test('the hardware ceiling: each round\'s pair over its own alone run, the median round, and 2 over it', () => {
  // Rounds slowed by 1.125 (mean of 4.4 and 4.6 over 4), 1.25 (5 over 4 in a slow round) and 1.05.
  const ceiling = hardwareCeiling([
    { aloneSeconds: 4, sideBySideSeconds: [4.4, 4.6] },
    { aloneSeconds: 4, sideBySideSeconds: [5, 5] },
    { aloneSeconds: 6, sideBySideSeconds: [6.3, 6.3] },
  ]);
  assert.equal(ceiling.slowdown, 1.125);
  assert.equal(ceiling.maxSpeedup, 2 / 1.125);
  assert.equal(ceiling.aloneSeconds, 4);
  assert.equal(ceiling.sideBySideSeconds, (5 + 5) / 2);
  assert.equal(ceiling.rounds.length, 3);
});

test('the bound names the ceiling, the share of it reached, and a thread\'s start-up', () => {
  const ceiling = hardwareCeiling([{ aloneSeconds: 1.76, sideBySideSeconds: [1.9, 2.0] }]);
  const text = scalingBound({ threads: 1, seconds: 1.76, trainingSeconds: 1.6, warmupMs: null }, { threads: 2, seconds: 1.1, trainingSeconds: 1.9, warmupMs: null }, { speedup: 1.6, ceiling, workerStartMs: 48 });
  // (1.9 + 2.0) / 2 / 1.76 = 1.108: 2 / 1.108 = 1.805, of which 1.6 is 89%.
  assert.match(text, /Hardware ceiling: two single-thread processes side by side each ran 1\.11x slower than one alone \(1\.95 s against 1\.76 s\), so 2 threads can reach at most 1\.81x; the measured 1\.60x is 89% of that\./);
  assert.match(text, /worker start-up, 48 ms to a ready thread, overlapping the data and kernels, work split and result transfer\) against .* on one \(reading the data, compiling the kernels and writing the results\)/);
  // A speed-up above the ceiling means the load moved between the runs: said so, not shown as 120%.
  const above = scalingBound({ threads: 1, seconds: 2, trainingSeconds: 1.9, warmupMs: null }, { threads: 2, seconds: 1.6, trainingSeconds: 2.8, warmupMs: null }, { speedup: 1.25, ceiling: hardwareCeiling([{ aloneSeconds: 2, sideBySideSeconds: [4.4, 4.8] }]) });
  assert.match(above, /at most 0\.87x; the measured 1\.25x is above that, so the machine's other load changed between these runs and this ceiling does not hold/);
  assert.doesNotMatch(above, /% of that/);
  assert.doesNotMatch(scalingBound({ threads: 1, seconds: 1.76, trainingSeconds: 1.6, warmupMs: null }, { threads: 2, seconds: 1.1, trainingSeconds: 1.9, warmupMs: null }), /ceiling/);
});

test('a training thread of the CLI answers an experiment of no runs, so its start-up can be timed', async () => {
  const starts = await timeWorkerStarts(1);
  assert.equal(starts.length, 1);
  assert.ok(starts[0] > 0);
});
