// fit runs whole epochs in the kernels (trainEpoch), trainOnBatch one batch at a time
// (computeGradients, then applyGradients): the two must give the same bits, step after step,
// whatever the optimiser, masks and frozen layers, and fit's gradient-norm log must be the
// kernels' sum of squares over each layer's gradients, its square root summed over the steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Sequential, dense, createWasmBackend, type Backend, type OptimizerSpec } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { randomMatrix, randomLabels, sameBits } from '../helpers.js';

const f = Math.fround;
const SAMPLES = 75;
const BATCH = 20;
const EPOCHS = 2;
const X = randomMatrix(SAMPLES, 7, 31);
const Y = randomLabels(SAMPLES, 3, 31);

interface Case { name: string; optimizer: OptimizerSpec; frozen: number[]; masked: boolean }

// Hidden layers of 32 and 48 units give input gradients of 16-column blocks, which the
// kernels read from the stored kernel; the last batch of 15 rows takes the transposing path.
const CASES: Case[] = [
  { name: 'adam', optimizer: 'adam', frozen: [], masked: false },
  { name: 'adam, masked first layer, frozen second', optimizer: { type: 'adam', learningRate: 0.01 }, frozen: [1], masked: true },
  { name: 'adam, frozen first layer', optimizer: 'adam', frozen: [0], masked: false },
  { name: 'sgd', optimizer: { type: 'sgd', learningRate: 0.05 }, frozen: [], masked: true },
  { name: 'sgd with momentum', optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 }, frozen: [2], masked: false },
  { name: 'sgd, nesterov, masked', optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.8, nesterov: true }, frozen: [], masked: true },
];

function model(backend: Backend, spec: Case): Sequential {
  const m = new Sequential({ inputSize: 7, layers: [dense(32, 'relu'), dense(48, 'tanh'), dense(3, 'softmax')], backend, seed: 9 });
  m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: spec.optimizer, metrics: ['accuracy'] });
  for (const l of spec.frozen) m.layers[l].trainable = false;
  if (spec.masked) m.layers[0].setTrainableMask({ kernel: Array.from({ length: 7 * 32 }, (_, i) => (i % 3 === 0 ? 0 : 1)), bias: 0 });
  return m;
}

// The kernels' sum of squares of a layer's gradients: lanes i mod 4 in float32, summed
// (l0 + l1) + (l2 + l3), plus the float32 sum of the last length % 4 squares, in float64.
function squares(g: Float32Array): number {
  const lanes = [0, 0, 0, 0];
  const whole = g.length & ~3;
  for (let i = 0; i < whole; i++) lanes[i & 3] = f(lanes[i & 3] + f(g[i] * g[i]));
  let tail = 0;
  for (let i = whole; i < g.length; i++) tail = f(tail + f(g[i] * g[i]));
  return f(f(lanes[0] + lanes[1]) + f(lanes[2] + lanes[3])) + tail;
}

async function backends(): Promise<Backend[]> {
  const list = [await loadBackend('wasm-simd')];
  const relaxed = await readFile(new URL('../../wasm/relaxed.wasm', import.meta.url));
  if (WebAssembly.validate(relaxed)) list.push(await createWasmBackend(relaxed, 'wasm-relaxed-simd'));
  return list;
}

test('fit and trainOnBatch give the same bits with masks, frozen layers, SGD and Adam; fit logs the kernels\' gradient norms', async () => {
  for (const backend of await backends()) {
    for (const spec of CASES) {
      const what = `${backend.name}, ${spec.name}`;
      const fitted = model(backend, spec);
      const stepped = model(backend, spec);
      const history = await fitted.fit(X, Y, { epochs: EPOCHS, batchSize: BATCH, shuffle: false });
      for (let epoch = 0; epoch < EPOCHS; epoch++) {
        const norms = stepped.layers.map(() => 0);
        let steps = 0;
        for (let start = 0; start < SAMPLES; start += BATCH) {
          const end = Math.min(start + BATCH, SAMPLES);
          const x = X.subarray(start * 7, end * 7);
          const y = Y.subarray(start, end);
          stepped.gradients(x, y).grads.forEach((pair, l) => {
            if (pair) norms[l] += Math.sqrt(squares(Float32Array.of(...pair[0], ...pair[1])));
          });
          stepped.trainOnBatch(x, y);
          steps++;
          if (epoch === 0 && steps === 2) {
            // Part way too, not only at the end.
            const partial = model(backend, spec);
            await partial.fit(X.subarray(0, 2 * BATCH * 7), Y.subarray(0, 2 * BATCH), { epochs: 1, batchSize: BATCH, shuffle: false });
            assert.ok(partial.getWeights().every((w, i) => sameBits(w, stepped.getWeights()[i])), `${what}: weights differ after two steps`);
            partial.dispose();
          }
        }
        const expected = stepped.layers.map((layer, l) => (layer.trainable ? norms[l] / steps : null));
        assert.deepEqual(history.gradNorm[epoch], expected, `${what}: gradient norms of epoch ${epoch + 1}`);
      }
      assert.equal(fitted.step, stepped.step);
      const weights = fitted.getWeights();
      assert.ok(stepped.getWeights().every((w, i) => sameBits(w, weights[i])), `${what}: fit and trainOnBatch disagree`);
      // Frozen layers and masked parameters kept their initial values.
      const fresh = model(backend, spec);
      const initial = fresh.getWeights();
      fresh.dispose();
      for (const l of spec.frozen) assert.ok(sameBits(weights[2 * l], initial[2 * l]) && sameBits(weights[2 * l + 1], initial[2 * l + 1]), `${what}: frozen layer ${l + 1} moved`);
      if (spec.masked) {
        assert.ok(weights[0].every((w, i) => (i % 3 === 0 ? Object.is(w, initial[0][i]) : true)), `${what}: a masked kernel weight moved`);
        assert.ok(sameBits(weights[1], initial[1]), `${what}: the masked bias moved`);
        assert.ok(!sameBits(weights[0], initial[0]), `${what}: the unmasked kernel weights did not train`);
      }
      for (const m of [fitted, stepped]) m.dispose();
    }
  }
});
