// Figures across seeds: mean ± sample standard deviation, bands, and runs that diverged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat, summarize } from '../../src/experiments/summary.js';
import type { RunResult } from '../../src/experiments/experiment.js';

const run = (train: string, seed: number, loss: number[], divergedAt?: number): RunResult => ({
  train, seed, fold: 1, trainableParams: 10, loss, accuracy: loss.map(() => 0.5), gradNorm: loss.map(() => [1, null]), ms: 2, divergedAt,
});

test('stat: mean, sample standard deviation, min, max over finite values', () => {
  assert.deepEqual(stat([1, 2, 3, NaN]), { mean: 2, std: 1, min: 1, max: 3, count: 3 });
  assert.equal(stat([5]).std, 0);
  assert.ok(Number.isNaN(stat([]).mean));
});

test('summaries group runs by set in order, with bands and divergence counts', () => {
  const summaries = summarize([run('all', 1, [3, 2, 1]), run('1', 1, [3, 3, 3]), run('all', 2, [5, 4, 3]), run('1', 2, [3, NaN], 2)], 3);
  assert.deepEqual(summaries.map((s) => [s.train, s.runs, s.diverged]), [['all', 2, 0], ['1', 2, 1]]);
  assert.deepEqual(summaries[0].curves.loss, { mean: [4, 3, 2], min: [3, 2, 1], max: [5, 4, 3] });
  assert.deepEqual(summaries[1].curves.loss.mean, [3, 3, 3]);
  assert.equal(summaries[0].final.loss.mean, 2);
  assert.deepEqual(summaries[0].curves.gradNorm[1].mean, [null, null, null]);
});
