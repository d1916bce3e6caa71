// Standardisation statistics as scikit-learn's StandardScaler computes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { standardize } from '../../src/data/standardize.js';

test('standardisation uses the mean and the population standard deviation, as scikit-learn does', () => {
  const x = new Float64Array([1, 10, 3, 10, 5, 10]);
  const scaler = standardize(x, 2);
  assert.deepEqual(Array.from(scaler.mean), [3, 10]);
  assert.ok(Math.abs(scaler.std[0] - Math.sqrt(8 / 3)) < 1e-12);
  const scaled = scaler.apply(x);
  assert.ok(Math.abs(scaled[0] + 2 / Math.sqrt(8 / 3)) < 1e-6);
  assert.equal(scaled[1], 0, 'a constant feature is centred, not divided by zero');
});
