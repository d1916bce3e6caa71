// Held-out rows: stratified folds that partition the data, drawn anew per seed, and
// standardisation from each fold's training rows only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldOutDesign, prepareRun, stratifiedFolds, foldCount } from '../../src/experiments/folds.js';
import { experimentJobs } from '../../src/experiments/experiment.js';
import { FOUNDING_SETTINGS, experimentConfig } from '../../src/experiments/settings.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';
import type { Dataset } from '../../src/data/csv.js';

test('stratified folds partition the rows, spread each class within one row, and change with the seed only', async () => {
  const data = await loadBuiltinDataset('breast-cancer');
  const folds = stratifiedFolds(data.y, 5, 100);
  assert.deepEqual(stratifiedFolds(data.y, 5, 100), folds);
  assert.notDeepEqual(stratifiedFolds(data.y, 5, 101), folds);
  for (const label of [0, 1]) {
    const counts = [0, 1, 2, 3, 4].map((f) => data.y.filter((y, r) => y === label && folds[r] === f).length);
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `class ${label}: ${counts}`);
  }
  const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length);
  assert.equal(sizes.reduce((a, b) => a + b, 0), 569);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${sizes}`);
  assert.throws(() => stratifiedFolds(Int32Array.of(0, 1, 0), 5, 1), /--folds 5 needs at least 5 samples; the data have 3/);
  assert.throws(() => stratifiedFolds(data.y, 1, 1), /at least 2/);
});

test('each fold holds out exactly the rows assigned to it, in file order, and trains on all the others', async () => {
  const data = await loadBuiltinDataset('iris');
  const design = heldOutDesign(3, 0);
  const folds = stratifiedFolds(data.y, 3, 7);
  let heldOutTotal = 0;
  for (let fold = 1; fold <= 3; fold++) {
    const run = prepareRun(data, design, 7, fold);
    const expectedHeldOut = Array.from(data.y).filter((_, r) => folds[r] === fold - 1);
    const expectedTrain = Array.from(data.y).filter((_, r) => folds[r] !== fold - 1);
    assert.deepEqual(Array.from(run.validationY), expectedHeldOut);
    assert.deepEqual(Array.from(run.trainY), expectedTrain);
    heldOutTotal += run.validationRows;
  }
  assert.equal(heldOutTotal, 150);
});

test('no held-out statistic leaks into the standardisation: changing held-out rows leaves the training rows bit for bit', async () => {
  const data = await loadBuiltinDataset('wine');
  const design = heldOutDesign(4, 0);
  const folds = stratifiedFolds(data.y, 4, 3);
  const changed: Dataset = { ...data, x: data.x.map((value, i) => (folds[Math.floor(i / data.features)] === 1 ? value * 1000 + 7 : value)) };
  const a = prepareRun(data, design, 3, 2);
  const b = prepareRun(changed, design, 3, 2);
  assert.deepEqual(b.trainX, a.trainX);
  assert.notDeepEqual(b.validationX, a.validationX);
  // The training part has mean 0 and variance 1 per feature; the held-out part need not.
  for (let f = 0; f < data.features; f++) {
    let sum = 0;
    for (let r = 0; r < a.trainRows; r++) sum += a.trainX[r * data.features + f];
    assert.ok(Math.abs(sum / a.trainRows) < 1e-5, `feature ${f} mean ${sum / a.trainRows}`);
  }
});

test('the grid is sets x seeds x folds, sets outermost; a validation split is one fold, and --folds none too', () => {
  const config = experimentConfig({ ...FOUNDING_SETTINGS, seeds: 2 });
  assert.equal(config.heldOut.kind, 'folds');
  const jobs = experimentJobs(config);
  assert.equal(jobs.length, 2 * 2 * 5);
  assert.deepEqual(jobs.slice(0, 6).map((j) => [j.setIndex, j.seed, j.fold]), [[0, 100, 1], [0, 100, 2], [0, 100, 3], [0, 100, 4], [0, 100, 5], [0, 101, 1]]);
  assert.equal(foldCount(heldOutDesign(5, 0.2)), 1);
  assert.equal(heldOutDesign(5, 0.2).kind, 'split');
  assert.equal(heldOutDesign('none', 0).kind, 'none');
  assert.equal(experimentJobs(experimentConfig({ ...FOUNDING_SETTINGS, folds: 'none' })).length, 2);
});
