// The plain-SIMD kernels' products sum in one fixed order whatever tile, packing or
// transposition serves a shape: each output from zero in k order, one float32 multiply and
// one float32 add a term (the order a scalar loop gives), except a single output column,
// whose four lanes take k = lane (mod 4) and are summed (l0 + l1) + (l2 + l3) before the
// last inner % 4 terms. That order is what makes every runtime give the same bits; here it
// is checked bit for bit against a float32 reference on shapes that reach every kernel path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, dense } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { randomMatrix } from '../helpers.js';

const f = Math.fround;

/** a[rows x inner] . b[inner x cols] in the kernels' order. */
function product(a: Float32Array, b: Float32Array, rows: number, inner: number, cols: number): Float32Array {
  const c = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const term = (k: number): number => f(a[r * inner + k] * b[k * cols + j]);
      let sum = 0;
      let k = 0;
      if (cols === 1) {
        const lanes = [0, 0, 0, 0];
        for (; k + 4 <= inner; k += 4) for (let l = 0; l < 4; l++) lanes[l] = f(lanes[l] + term(k + l));
        sum = f(f(lanes[0] + lanes[1]) + f(lanes[2] + lanes[3]));
      }
      for (; k < inner; k++) sum = f(sum + term(k));
      c[r * cols + j] = sum;
    }
  }
  return c;
}

/** a[rows x inner]^T . b[rows x cols], summed over the rows in order. */
function transposedProduct(a: Float32Array, b: Float32Array, rows: number, inner: number, cols: number): Float32Array {
  const c = new Float32Array(inner * cols);
  for (let k = 0; k < inner; k++) {
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum = f(sum + f(a[r * inner + k] * b[r * cols + j]));
      c[k * cols + j] = sum;
    }
  }
  return c;
}

function columnSums(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  for (let j = 0; j < cols; j++) for (let r = 0; r < rows; r++) out[j] = f(out[j] + m[r * cols + j]);
  return out;
}

function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j * rows + r] = m[r * cols + j];
  return out;
}

const addBias = (m: Float32Array, bias: Float32Array, relu: boolean): Float32Array =>
  m.map((v, i) => (relu ? Math.max(f(v + bias[i % bias.length]), 0) : f(v + bias[i % bias.length])));

function bitsEqual(actual: Float32Array, expected: Float32Array, what: string): void {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const at = e.findIndex((v, i) => v !== a[i]);
  assert.ok(a.length === e.length && at < 0, `${what}: element ${at} is ${actual[at]}, expected ${expected[at]}`);
}

// rows, inputs, hidden units (0: none), output units, hidden activation. Between them:
// 16-, 8-, 4- and partial-column tiles, odd rows, packed b blocks (16+ rows, a stride other
// than 16 columns), packing in 256-row parts (300 inputs), transposed batches (64+ rows,
// 16+ columns; 50 inputs: two 32-column blocks of the transpose, the second partial, and
// edges), the single-column dot product (with and without k tails), the W1 shape, and
// input gradients packed straight from the stored kernel (16-column blocks, 16+ rows), in
// one part with a k tail (10, 7 outputs) and in 256-row parts (261 outputs).
const SHAPES: [number, number, number, number, 'linear' | 'relu'][] = [
  [1, 1, 0, 1, 'linear'], [3, 5, 0, 1, 'linear'], [6, 9, 0, 2, 'linear'], [7, 30, 16, 1, 'relu'],
  [17, 30, 16, 8, 'relu'], [32, 30, 16, 1, 'relu'], [9, 13, 24, 3, 'linear'], [20, 300, 40, 5, 'relu'],
  [64, 33, 48, 10, 'relu'], [70, 20, 17, 33, 'linear'], [5, 7, 1, 6, 'relu'], [33, 4, 31, 2, 'relu'],
  [128, 64, 16, 16, 'relu'], [65, 11, 35, 1, 'relu'], [16, 9, 64, 7, 'linear'], [40, 12, 32, 261, 'relu'],
  [66, 50, 20, 3, 'relu'],
];

test('plain SIMD: forward products, input gradients and kernel gradients sum in the documented order, bit for bit', async () => {
  const backend = await loadBackend('wasm-simd');
  for (const [rows, inputs, hidden, units, activation] of SHAPES) {
    const shape = `${rows} rows, ${[inputs, hidden, units].filter(Boolean).join('-')} ${activation}`;
    const layers = hidden ? [dense(hidden, activation), dense(units, 'linear')] : [dense(units, 'linear')];
    const model = new Sequential({ inputSize: inputs, layers, backend, seed: rows + inputs });
    model.compile({ loss: 'meanSquaredError' });
    const x = randomMatrix(rows, inputs, rows);
    const y = randomMatrix(rows, units, rows + 1);
    const weights = model.getWeights();
    // Forward: hidden activations, then the output.
    let input = x;
    let width = inputs;
    const activations: Float32Array[] = [];
    for (let l = 0; l < layers.length; l++) {
      const out = layers[l].units;
      input = addBias(product(input, weights[2 * l], rows, width, out), weights[2 * l + 1], l < layers.length - 1 && activation === 'relu');
      activations.push(input);
      width = out;
    }
    bitsEqual(model.predict(x, { batchSize: rows }), input, `${shape}: predictions`);
    // Backward, as the kernels take it: MSE's delta, then delta . kernel^T times relu's derivative.
    const perUnit = f(f(1 / rows) / units);
    let delta = input.map((a, i) => f(f(2 * f(a - y[i])) * perUnit));
    const expected: [Float32Array, Float32Array][] = [];
    for (let l = layers.length - 1; l >= 0; l--) {
      const below = l > 0 ? activations[l - 1] : x;
      const fanIn = l > 0 ? layers[l - 1].units : inputs;
      const out = layers[l].units;
      expected[l] = [transposedProduct(below, delta, rows, fanIn, out), columnSums(delta, rows, out)];
      if (l > 0) {
        const back = product(delta, transpose(weights[2 * l], fanIn, out), rows, out, fanIn);
        delta = back.map((v, i) => (activation === 'relu' && !(below[i] > 0) ? 0 : v));
      }
    }
    const { grads } = model.gradients(x, y);
    grads.forEach((pair, l) => {
      assert.ok(pair);
      bitsEqual(pair[0], expected[l][0], `${shape}: layer ${l + 1} kernel gradient`);
      bitsEqual(pair[1], expected[l][1], `${shape}: layer ${l + 1} bias gradient`);
    });
    model.dispose();
  }
});
