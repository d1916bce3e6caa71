// Student's t quantiles against closed forms and printed tables, and the normal quantile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalQuantile, studentTCdf, studentTQuantile } from '../../src/experiments/student-t.js';

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);

test('t quantiles match the closed forms for 1 and 2 degrees of freedom', () => {
  for (const p of [0.6, 0.9, 0.975, 0.995]) {
    near(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-9, `df 1, p ${p}`);
    near(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-9, `df 2, p ${p}`);
  }
});

test('t quantiles match the printed table (three decimals)', () => {
  const table: [number, number, number][] = [
    [0.975, 1, 12.706], [0.975, 2, 4.303], [0.975, 3, 3.182], [0.975, 4, 2.776], [0.975, 9, 2.262],
    [0.975, 10, 2.228], [0.975, 19, 2.093], [0.975, 29, 2.045], [0.975, 30, 2.042], [0.975, 49, 2.010],
    [0.975, 120, 1.980], [0.995, 10, 3.169], [0.95, 5, 2.015], [0.9, 20, 1.325],
  ];
  for (const [p, df, value] of table) near(studentTQuantile(p, df), value, 5e-4, `t(${p}, ${df})`);
});

test('t quantiles are symmetric, 0 at the median, and invert the CDF on both sides of the large-df switch', () => {
  assert.equal(studentTQuantile(0.025, 7), -studentTQuantile(0.975, 7));
  assert.equal(studentTQuantile(0.5, 7), 0);
  for (const df of [3, 17, 999, 1001, 5000]) near(studentTCdf(studentTQuantile(0.975, df), df), 0.975, 1e-9, `CDF(quantile) at df ${df}`);
  near(studentTQuantile(0.975, 1e6), 1.959966, 1e-6, 'df 1e6 is almost normal');
  assert.ok(studentTQuantile(0.975, 1000) > studentTQuantile(0.975, 1001), 'falls with df across the switch');
  near(studentTCdf(0, 5), 0.5, 1e-15, 'CDF at 0');
  near(studentTCdf(-2.776445, 4), 0.025, 1e-6, 'lower tail');
});

test('normal quantiles match the table', () => {
  near(normalQuantile(0.975), 1.959964, 1e-6, 'z 0.975');
  near(normalQuantile(0.995), 2.575829, 1e-6, 'z 0.995');
  near(normalQuantile(0.01), -2.326348, 1e-6, 'z 0.01');
  assert.equal(normalQuantile(0.5), 0);
});

test('quantiles refuse probabilities outside (0, 1) and degrees of freedom that are not positive', () => {
  assert.throws(() => studentTQuantile(1, 4), /0 < p < 1/);
  assert.throws(() => studentTQuantile(0.975, 0), /degrees of freedom must be positive/);
  assert.throws(() => normalQuantile(0), /0 < p < 1/);
});
