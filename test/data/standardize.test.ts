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

test('a feature near float64\'s limit is standardised like any other, not turned into a column of zeros', () => {
  const x = Float64Array.from([1e200, 1, -1e200, 2, 3e200, 3, 1.7e308, 4, -1.7e308, 5]);
  const scaled = standardize(x, 2).apply(x);
  const column = [0, 2, 4, 6, 8].map((r) => scaled[r]);
  assert.ok(column.every(Number.isFinite), `${column}`);
  assert.ok(column.some((v) => Math.abs(v) > 0.5), `a column of near-zeros: ${column}`);
  const mean = column.reduce((a, b) => a + b, 0) / 5;
  const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / 5;
  assert.ok(Math.abs(mean) < 1e-6 && Math.abs(variance - 1) < 1e-5, `mean ${mean}, variance ${variance}`);
  // An ordinary column keeps the plain arithmetic bit for bit.
  const plain = Float64Array.from([1, 2, 3, 4, 5]);
  const m = 3;
  const sd = Math.sqrt(2);
  assert.deepEqual(Array.from(standardize(plain, 1).apply(plain)), [1, 2, 3, 4, 5].map((v) => Math.fround((v - m) / sd)));
});
