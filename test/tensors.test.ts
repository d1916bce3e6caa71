// copyRows on typed arrays: one sum tells whether a NaN or an infinity came along, and a
// scan then names the first; the largest finite floats, however many, pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyRows } from '../src/tensors.js';

const MAX_F32 = 3.4028234663852886e38;

test('typed arrays: the first NaN or infinity is named by row and column, wherever it lies', () => {
  const width = 7;
  const rows = 1001;
  for (const [index, bad] of [[0, NaN], [4 * width + 3, Infinity], [rows * width - 1, -Infinity], [500 * width + 6, NaN]] as const) {
    const data = new Float32Array(rows * width).fill(1.5);
    data[index] = bad;
    const target = new Float32Array(rows * width + 10);
    assert.throws(
      () => copyRows(data, width, 0, rows, target, 10, 'x'),
      new RegExp(`^RangeError: x row ${Math.floor(index / width)} column ${index % width} is ${String(bad)}, not a finite float32 number$`),
    );
  }
  // Infinities of both signs together (their sum is NaN): the first is named.
  const mixed = new Float32Array(40).fill(2);
  mixed[9] = -Infinity;
  mixed[30] = Infinity;
  assert.throws(() => copyRows(mixed, 4, 0, 10, new Float32Array(40), 0, 'y'), /y row 2 column 1 is -Infinity/);
});

test('typed arrays: a million largest finite floats of one sign copy through (their sum stays finite)', () => {
  const data = new Float32Array(1 << 20).fill(MAX_F32);
  data[17] = -MAX_F32;
  const target = new Float32Array(data.length);
  copyRows(data, 1 << 10, 0, 1 << 10, target, 0, 'x');
  assert.equal(target[0], MAX_F32);
  assert.equal(target[17], -MAX_F32);
  assert.equal(target[data.length - 1], MAX_F32);
});

test('typed arrays: a double beyond float32 is refused as the infinity it becomes', () => {
  assert.throws(() => copyRows(Float64Array.of(1, 2, 3, 1e39), 2, 0, 2, new Float32Array(4), 0, 'x'), /x row 1 column 1 is Infinity, not a finite float32 number/);
});
