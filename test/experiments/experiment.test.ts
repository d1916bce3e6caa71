// Preparing data for an experiment: the validation split and standardisation on the training rows only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareData, layerSizes } from '../../src/experiments/experiment.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';

test('the split holds out the last fraction after a seeded shuffle; statistics come from the training rows', async () => {
  const iris = await loadBuiltinDataset('iris');
  const data = prepareData(iris, 0.2, 100);
  assert.deepEqual([data.trainRows, data.validationRows], [120, 30]);
  assert.ok(new Set(data.validationY).size === 3, 'iris is sorted by class: an unshuffled split would validate on one class');
  for (let f = 0; f < 4; f++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < 120; r++) sum += data.trainX[r * 4 + f];
    for (let r = 0; r < 120; r++) squares += (data.trainX[r * 4 + f] - sum / 120) ** 2;
    assert.ok(Math.abs(sum / 120) < 1e-5 && Math.abs(squares / 120 - 1) < 1e-4, `feature ${f}`);
  }
  assert.deepEqual(prepareData(iris, 0.2, 100).validationY, data.validationY);
  assert.notDeepEqual(prepareData(iris, 0.2, 101).validationY, data.validationY);
  assert.deepEqual(layerSizes(data, [8]), [4, 8, 3]);
  const whole = prepareData(iris, 0, 100);
  assert.equal(whole.validationRows, 0);
  assert.equal(whole.trainY[0], iris.y[0], 'without a split the rows keep their order');
});
