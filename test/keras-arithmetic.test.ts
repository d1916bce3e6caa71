// Keras's arithmetic worked out by hand on a tiny model: the losses from logits,
// their gradient (p - y) / batch, Adam with epsilon on the uncorrected sqrt(v), and SGD with momentum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, dense, adam, sgd, type Backend } from '../src/index.js';
import { bothBackends } from './helpers.js';

const f = Math.fround;
// Three samples of two features; the second feature is tiny, so its gradient is tiny and
// Adam's epsilon placement decides its first steps.
const X = [[1, 2e-6], [-1, 0.5e-6], [0.3, -0.7e-6]];
const Y = [1, 0, 1];
const W0 = [0.5, -0.25];
const B0 = 0.1;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const logits = (w: number[], b: number): number[] => X.map((row) => row[0] * w[0] + row[1] * w[1] + b);

/** Keras's binary cross-entropy from logits: mean of max(z,0) - z*y + log1p(exp(-|z|)). */
function bceFromLogits(z: number[]): number {
  return z.reduce((sum, zi, i) => sum + Math.max(zi, 0) - zi * Y[i] + Math.log1p(Math.exp(-Math.abs(zi))), 0) / z.length;
}

/** Its gradient with respect to kernel and bias: sum over samples of (sigmoid(z) - y) / batch times the input. */
function bceGradients(w: number[], b: number): { w: number[]; b: number } {
  const z = logits(w, b);
  const delta = z.map((zi, i) => (sigmoid(zi) - Y[i]) / z.length);
  return { w: [0, 1].map((k) => delta.reduce((s, d, i) => s + d * X[i][k], 0)), b: delta.reduce((s, d) => s + d, 0) };
}

function tinyModel(backend: Backend): Sequential {
  const model = new Sequential({ inputSize: 2, layers: [dense(1, 'sigmoid')], backend });
  model.setWeights([W0, [B0]]);
  return model;
}

test('binary cross-entropy is computed from the logits, without clipping, with gradient (p - y) / batch', async () => {
  for (const backend of await bothBackends()) {
    const model = tinyModel(backend);
    model.compile({ loss: 'binaryCrossentropy' });
    const { loss, grads } = model.gradients(X, Y);
    assert.ok(Math.abs(loss - bceFromLogits(logits(W0, B0))) < 1e-6, `${backend.name}: loss ${loss}`);
    const expected = bceGradients(W0, B0);
    assert.ok(grads[0]);
    assert.ok(Math.abs(grads[0][0][0] - expected.w[0]) < 1e-7);
    assert.ok(Math.abs(grads[0][0][1] - expected.w[1]) < 1e-12);
    assert.ok(Math.abs(grads[0][1][0] - expected.b) < 1e-7);

    // A confident wrong answer: z = 30 for y = 0 costs 30, where clipping to 1e-7 would cost 16.1.
    model.setWeights([[30, 0], [0]]);
    assert.ok(Math.abs(model.evaluate([[1, 0]], [0]).loss - 30) < 1e-5, `${backend.name}: the loss was clipped`);
  }
});

test('softmax cross-entropy is computed from the logits: log-sum-exp minus the true logit', async () => {
  for (const backend of await bothBackends()) {
    const model = new Sequential({ inputSize: 1, layers: [dense(3, 'softmax')], backend });
    model.setWeights([[40, 0, -5], [0, 0, 0]]);
    model.compile({ loss: 'sparseCategoricalCrossentropy' });
    const z = [40, 0, -5];
    const logSumExp = 40 + Math.log(1 + Math.exp(-40) + Math.exp(-45));
    assert.ok(Math.abs(model.evaluate([[1]], [2]).loss - (logSumExp + 5)) < 1e-4, `${backend.name}: sparse`);
    model.compile({ loss: 'categoricalCrossentropy' });
    assert.ok(Math.abs(model.evaluate([[1]], [[0, 1, 0]]).loss - (logSumExp - z[1])) < 1e-4, `${backend.name}: categorical`);
  }
});

test('Adam follows Keras: alpha = lr sqrt(1 - b2^t) / (1 - b1^t), epsilon added to the uncorrected sqrt(v)', async () => {
  for (const backend of await bothBackends()) {
    const model = tinyModel(backend);
    model.compile({ loss: 'binaryCrossentropy', optimizer: adam() });
    let w = [...W0];
    let b = B0;
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    let pytorchTiny = w[1];
    for (let t = 1; t <= 2; t++) {
      const g = bceGradients(w, b);
      const grads = [g.w[0], g.w[1], g.b];
      const alpha = f(f(0.001 * Math.sqrt(1 - f(0.999) ** t)) / (1 - f(0.9) ** t));
      const params = [w[0], w[1], b].map((p, i) => {
        m[i] += (grads[i] - m[i]) * 0.1;
        v[i] += (grads[i] ** 2 - v[i]) * 0.001;
        return f(p - (m[i] * alpha) / (Math.sqrt(v[i]) + 1e-7));
      });
      // PyTorch and TensorFlow.js put epsilon on the bias-corrected sqrt(v) instead.
      const corrected = Math.sqrt(v[1] / (1 - 0.999 ** t));
      pytorchTiny -= (0.001 * (m[1] / (1 - 0.9 ** t))) / (corrected + 1e-7);
      w = [params[0], params[1]];
      b = params[2];
      model.trainOnBatch(X, Y);
    }
    const [kernel, bias] = model.getWeights();
    assert.ok(Math.abs(kernel[0] - w[0]) < 2e-7, `${backend.name}: kernel[0] ${kernel[0]} vs ${w[0]}`);
    assert.ok(Math.abs(kernel[1] - w[1]) < 2e-7, `${backend.name}: kernel[1] ${kernel[1]} vs ${w[1]}`);
    assert.ok(Math.abs(bias[0] - b) < 2e-7, `${backend.name}: bias ${bias[0]} vs ${b}`);
    // The tiny-gradient weight tells the two epsilon placements apart by far more than rounding.
    assert.ok(Math.abs(pytorchTiny - w[1]) > 1e-4, 'the example does not separate the epsilon placements');
    assert.equal(model.step, 2);
  }
});

test('SGD with momentum and Nesterov follows Keras: velocity = momentum v - lr g', async () => {
  for (const backend of await bothBackends()) {
    for (const nesterov of [false, true]) {
      const model = tinyModel(backend);
      model.compile({ loss: 'binaryCrossentropy', optimizer: sgd({ learningRate: 0.1, momentum: 0.9, nesterov }) });
      let w = [...W0];
      let b = B0;
      const velocity = [0, 0, 0];
      for (let step = 0; step < 3; step++) {
        const g = bceGradients(w, b);
        const grads = [g.w[0], g.w[1], g.b];
        const params = [w[0], w[1], b].map((p, i) => {
          velocity[i] = 0.9 * velocity[i] - 0.1 * grads[i];
          return p + (nesterov ? 0.9 * velocity[i] - 0.1 * grads[i] : velocity[i]);
        });
        w = [params[0], params[1]];
        b = params[2];
        model.trainOnBatch(X, Y);
      }
      const [kernel, bias] = model.getWeights();
      assert.ok(Math.abs(kernel[0] - w[0]) < 1e-6 && Math.abs(bias[0] - b) < 1e-6, `${backend.name} nesterov=${nesterov}`);
    }
  }
});

test('mean squared error: mean over outputs and batch, gradient 2 (a - y) / (units x batch)', async () => {
  for (const backend of await bothBackends()) {
    const model = new Sequential({ inputSize: 1, layers: [dense(2, 'linear')], backend });
    model.setWeights([[1, -2], [0.5, 0]]);
    model.compile({ loss: 'mse' });
    const x = [[1], [3]];
    const y = [[0, 0], [1, -1]];
    // Outputs: [1.5, -2] and [3.5, -6]; errors 1.5, -2, 2.5, -5.
    const { loss, grads } = model.gradients(x, y);
    assert.ok(Math.abs(loss - (1.5 ** 2 + 2 ** 2 + 2.5 ** 2 + 5 ** 2) / 4) < 1e-6);
    assert.ok(grads[0]);
    // dL/db_j = sum_r 2 e_rj / 4.
    assert.deepEqual(Array.from(grads[0][1]), [(2 * 1.5 + 2 * 2.5) / 4, (2 * -2 + 2 * -5) / 4]);
  }
});
