// Finite-difference gradient checks: every activation and every loss, in both backends.
// The analytic gradient of each backend is compared with central differences of that
// backend's own float32 loss, so the check covers forward and backward together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, dense, createJsBackend, type Activation, type LossName } from '../../src/index.js';
import { bothBackends, randomMatrix, randomLabels, oneHot, relativeError } from '../helpers.js';

const ROWS = 6;
const INPUTS = 5;
const STEP = 4e-3;
const KINK_MARGIN = 0.02;
const JS = createJsBackend();

interface Case { loss: LossName; output: Activation; units: number }

const OUTPUT_CASES: Case[] = [
  { loss: 'binaryCrossentropy', output: 'sigmoid', units: 1 },
  { loss: 'binaryCrossentropy', output: 'sigmoid', units: 3 },
  { loss: 'categoricalCrossentropy', output: 'softmax', units: 4 },
  { loss: 'sparseCategoricalCrossentropy', output: 'softmax', units: 4 },
  { loss: 'meanSquaredError', output: 'linear', units: 2 },
  { loss: 'meanSquaredError', output: 'sigmoid', units: 2 },
  { loss: 'meanSquaredError', output: 'tanh', units: 2 },
  { loss: 'meanSquaredError', output: 'relu', units: 5 },
  { loss: 'meanSquaredError', output: 'softmax', units: 3 },
];
const HIDDEN: Activation[] = ['relu', 'sigmoid', 'tanh', 'linear'];

function targetsFor(c: Case, seed: number): Float32Array {
  const labels = randomLabels(ROWS, c.units, seed);
  if (c.loss === 'sparseCategoricalCrossentropy') return labels;
  if (c.loss === 'categoricalCrossentropy') return oneHot(labels, c.units);
  if (c.loss === 'binaryCrossentropy') return Float32Array.from(randomLabels(ROWS * c.units, 2, seed));
  // Regression targets; the relu case keeps them positive so that live units matter.
  return randomMatrix(ROWS, c.units, seed + 1).map((v) => (c.output === 'relu' ? Math.abs(v) : v * 0.5));
}

/**
 * The first ROWS candidate rows whose relu pre-activations all lie at least
 * KINK_MARGIN from zero, so that no step of the differences crosses a relu kink.
 */
function rowsAwayFromKinks(model: Sequential, candidates: Float32Array): Float32Array {
  const weights = model.getWeights();
  const reluLayers = model.layers.filter((layer) => layer.activation === 'relu');
  const preActivations = reluLayers.map((layer) => {
    const prefix = new Sequential({
      inputSize: INPUTS, backend: JS,
      layers: model.layers.slice(0, layer.index + 1).map((l) => dense(l.units, l.index === layer.index ? 'linear' : l.activation)),
    });
    prefix.setWeights(weights.slice(0, 2 * (layer.index + 1)));
    return { units: layer.units, z: prefix.predict(candidates) };
  });
  const kept: number[] = [];
  for (let r = 0; r < candidates.length / INPUTS && kept.length < ROWS; r++) {
    const safe = preActivations.every(({ units, z }) => z.subarray(r * units, (r + 1) * units).every((v) => Math.abs(v) >= KINK_MARGIN));
    if (safe) kept.push(r);
  }
  assert.equal(kept.length, ROWS, 'not enough candidate rows away from relu kinks');
  return Float32Array.from(kept.flatMap((r) => Array.from(candidates.subarray(r * INPUTS, (r + 1) * INPUTS))));
}

/** Central differences of the backend's own loss for every parameter, in getWeights order. */
function numericGradients(model: Sequential, x: Float32Array, y: Float32Array): Float32Array[] {
  const weights = model.getWeights();
  const lossAt = (): number => model.evaluate(x, y, { batchSize: ROWS }).loss;
  return weights.map((tensor, t) => {
    const grad = new Float32Array(tensor.length);
    for (let i = 0; i < tensor.length; i++) {
      const original = tensor[i];
      tensor[i] = original + STEP;
      model.setWeights(weights);
      const up = lossAt();
      tensor[i] = original - STEP;
      model.setWeights(weights);
      const down = lossAt();
      tensor[i] = original;
      model.setWeights(weights);
      grad[i] = (up - down) / (2 * STEP);
    }
    void t;
    return grad;
  });
}

test('analytic gradients match finite differences for every activation and loss, in both backends', async () => {
  for (const backend of await bothBackends()) {
    for (const hidden of HIDDEN) {
      for (const c of OUTPUT_CASES) {
        const seed = HIDDEN.indexOf(hidden) * 10 + OUTPUT_CASES.indexOf(c);
        const model = new Sequential({
          inputSize: INPUTS, backend, seed,
          layers: [dense(6, hidden), dense(4, hidden), dense(c.units, c.output)],
        });
        model.compile({ loss: c.loss, optimizer: 'adam' });
        // Non-zero biases, so that the bias gradients are checked away from the initial zeros.
        model.setWeights(model.getWeights().map((w, t) => (t % 2 === 1 ? randomMatrix(1, w.length, seed + t).map((v) => v * 0.1) : w)));
        const x = rowsAwayFromKinks(model, randomMatrix(8 * ROWS, INPUTS, seed));
        const y = targetsFor(c, seed);
        const analytic = model.gradients(x, y).grads.flatMap((pair) => pair ?? []);
        const numeric = numericGradients(model, x, y);
        const label = `${backend.name}: hidden ${hidden}, ${c.output} x${c.units} with ${c.loss}`;
        const all = (arrays: Float32Array[]): number[] => arrays.flatMap((a) => Array.from(a));
        const error = relativeError(all(analytic), all(numeric));
        if (process.env.WASMLP_TEST_VERBOSE) console.log(`${label}: relative error ${error.toExponential(2)}`);
        assert.ok(error < 2e-3, `${label}: relative error ${error}`);
        analytic.forEach((tensor, t) => {
          for (let i = 0; i < tensor.length; i++) {
            assert.ok(Math.abs(tensor[i] - numeric[t][i]) < 2e-3, `${label}: tensor ${t}[${i}] analytic ${tensor[i]} numeric ${numeric[t][i]}`);
          }
        });
      }
    }
  }
});
