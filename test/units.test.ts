// Counts and sizes in messages: one word for one, the plural for every other count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCount, formatSignificant, oneLine, plural } from '../src/units.js';
import { ModelFormatError, parseModelJson } from '../src/index.js';
import { rowCount } from '../src/tensors.js';

test('plural: singular for exactly one, the plural (regular or given) otherwise', () => {
  assert.equal(plural(1, 'epoch'), '1 epoch');
  assert.equal(plural(0, 'epoch'), '0 epochs');
  assert.equal(plural(100, 'epoch'), '100 epochs');
  assert.equal(plural(1, 'class', 'classes'), '1 class');
  assert.equal(plural(3, 'class', 'classes'), '3 classes');
  assert.equal(plural(1, 'sigmoid unit'), '1 sigmoid unit');
  assert.equal(formatBytes(1), '1 byte');
  assert.equal(formatBytes(1000), '1000 bytes');
  assert.equal(formatBytes(1536), '1.5 KiB');
});

test('formatCount groups thousands as en-US does, without Intl', () => {
  for (const n of [0, 7, 999, 1000, 65536, 999999, 1000000, 1234567890, 2 ** 40, -4321]) assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
});

test('messages about a single value use the singular', () => {
  assert.throws(() => rowCount([[1]], 4, 'x'), /^RangeError: x row 0 has 1 value, expected 4$/);
  assert.throws(() => rowCount([1, 2, 3], 2, 'x'), /^RangeError: x has 3 values, not a whole number/);
});

test('oneLine escapes control characters; model-file errors quoting a line break stay one line', () => {
  assert.equal(oneLine('a\nb\r\tc\u0000\u007fé'), 'a\\nb\\r\\tc\\u0000\\u007fé');
  assert.throws(() => parseModelJson('x\ny'), (error: Error) => error instanceof ModelFormatError && error.message.includes('\\n') && !/[\r\n]/.test(error.message));
  assert.throws(() => parseModelJson('{"modelTopology":{},"weightsManifest":[{"paths":["a\\nb/../c"],"weights":[]}]}'), { message: "the weights path 'a\\nb/../c' leaves the model's folder; weight files must sit beside model.json" });
});

test('formatSignificant: that many significant digits, trailing zeros kept, exponents below 1e-4 and from 1e6', () => {
  assert.equal(formatSignificant(0.2633991, 4), '0.2634');
  assert.equal(formatSignificant(0.25, 3), '0.250');
  assert.equal(formatSignificant(0.00012345, 3), '0.000123');
  assert.equal(formatSignificant(0.000012345678, 4), '1.235e-5');
  assert.equal(formatSignificant(3.2e-9, 2), '3.2e-9');
  assert.equal(formatSignificant(-0.0456789, 3), '-0.0457');
  assert.equal(formatSignificant(12.3456, 4), '12.35');
  assert.equal(formatSignificant(123456, 3), '123000');
  assert.equal(formatSignificant(2_500_000, 2), '2.5e6');
  // Rounding up to the next power of ten keeps the count of digits.
  assert.equal(formatSignificant(0.99996, 4), '1.000');
  assert.equal(formatSignificant(0.000099996, 4), '0.0001000');
  assert.equal(formatSignificant(0, 4), '0');
  assert.equal(formatSignificant(Number.NaN, 4), 'NaN');
  assert.equal(formatSignificant(Number.POSITIVE_INFINITY, 4), 'Infinity');
  assert.throws(() => formatSignificant(1, 0), /whole number from 1 to 21/);
});
