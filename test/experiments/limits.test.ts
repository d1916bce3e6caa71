// The experiment's documented caps, refused before anything is expanded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPERIMENT_LIMITS, checkGrid } from '../../src/experiments/limits.js';
import { parseTrainSets } from '../../src/experiments/train-sets.js';
import { SETTINGS } from '../../src/experiments/settings.js';

test('the documented values', () => {
  assert.deepEqual(EXPERIMENT_LIMITS, { maxEverySubsets: 1024, maxSeeds: 10_000, maxEpochs: 1_000_000, maxGridRuns: 1_000_000, maxRuns: 10_000, maxEpochRecords: 10_000_000 });
});

test('--train every: 10 layers expand to 1024 sets; 11 or 30 are refused before expansion', () => {
  assert.equal(parseTrainSets('every', 10).length, 1024);
  assert.throws(() => parseTrainSets('every', 11), /11 layers has 2\^11 = 2,048 subsets, more than the 1024/);
  assert.throws(() => parseTrainSets('every', 30), /2\^30 = 1,073,741,824 subsets.*name the sets instead/);
});

test('--seeds and --epochs are capped, saying how to go beyond', () => {
  assert.equal(SETTINGS.seeds.parse('10000'), 10000);
  assert.throws(() => SETTINGS.seeds.parse('10001'), /at most 10000 \(for more, run further seeds from a later --seed\)/);
  assert.throws(() => SETTINGS.epochs.parse('1000001'), /at most 1000000 \(for longer training, continue from a saved model/);
});

test('the grid: whole size, runs per command, epochs recorded', () => {
  assert.doesNotThrow(() => checkGrid({ sets: 2, seeds: 1000, folds: 5 }, 10_000, 1000));
  assert.throws(() => checkGrid({ sets: 1024, seeds: 10_000, folds: 5 }, 1, 1), /51,200,000 runs \(1,024 sets x 10,000 seeds x 5 folds\), more than the 1,000,000/);
  assert.throws(() => checkGrid({ sets: 2, seeds: 1001, folds: 5 }, 10_010, 1), /10,010 runs .* more than the 10,000 one command trains; split them with --shard i\/n/);
  assert.throws(() => checkGrid({ sets: 2, seeds: 10, folds: 5 }, 100, 100_001), /10,000,100 epochs to record, more than the 10,000,000.*--shard/);
});
