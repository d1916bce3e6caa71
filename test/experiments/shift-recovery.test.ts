// The property the built-in shifts are for (issue 9, part 3): a network pretrained on
// source data and fine-tuned on shifted data gets its pretraining loss back by training
// one layer alone, layer 1 for the input shift and the last layer for the label shift,
// because that layer can undo the shift exactly. Shown twice on each backend: the exact
// undo computed here (weights set by hand reproduce the original predictions), and
// fine-tuning through the real model API.
//
// The case is chosen so that recovery is certain rather than a lucky optimiser run: the
// hidden layers are linear, so with later layers frozen the logits are linear in layer 1's
// weights, and with earlier layers frozen linear in the last layer's; either fine-tuning
// problem is convex, and the exact undo is a point of it with the pretraining loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, dense, createJsBackend, type Backend, type LossName } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { prepareData, type PreparedData } from '../../src/experiments/experiment.js';
import { applyShift, classPermutation, gaussianStream, parseShift, randomAffineMap } from '../../src/experiments/shifts.js';
import type { Dataset } from '../../src/data/csv.js';
import { randomStream } from '../../src/random.js';
import { inverse } from './linear-algebra.js';

const FEATURES = 8;
const HIDDEN = [2, 3];
// Recovered means within this of the pretraining loss (about 0.001 here), where the shifts
// raise it above 1. On cases of this kind (5 datasets x 20 shift seeds, wasm-simd) the
// worst gap after 600 epochs measured 0.0018 (label shift, last layer) and 0.0001 (input
// shift, layer 1); after 300 epochs it was 0.007, too close to the tolerance.
const RECOVERY_TOLERANCE = 0.01;
const FINE_TUNING_EPOCHS = 600;

/**
 * Three (or two) clusters separated in features 1 and 2 (centres on a circle of radius 3,
 * spread 0.5), and six features of pure noise. The 2-unit first layer learns to keep the
 * two informative directions and drop the noise; an input shift mixes the noise into them.
 */
function clusters(classes: number, seed: number): Dataset {
  const rows = 120;
  const normal = gaussianStream(randomStream(seed, 'test-clusters'));
  const x = new Float64Array(rows * FEATURES);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % classes;
    y[r] = c;
    const angle = (2 * Math.PI * c) / classes;
    x[r * FEATURES] = 3 * Math.cos(angle) + 0.5 * normal();
    x[r * FEATURES + 1] = 3 * Math.sin(angle) + 0.5 * normal();
    for (let f = 2; f < FEATURES; f++) x[r * FEATURES + f] = normal();
  }
  return {
    name: 'clusters', rows, features: FEATURES, x, y, classNames: Array.from({ length: classes }, (_, c) => `class ${c}`),
    featureNames: Array.from({ length: FEATURES }, (_, f) => `f${f + 1}`), targetName: 'class', notes: [],
  };
}

const lossOf = (classes: number): LossName => (classes === 2 ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy');

/** The network, with the given weights when there are any, every layer trainable. */
function network(classes: number, backend: Backend, weights?: Float32Array[]): Sequential {
  const model = new Sequential({
    inputSize: FEATURES, backend, seed: 5,
    layers: [...HIDDEN.map((units) => dense(units, 'linear')), classes === 2 ? dense(1, 'sigmoid') : dense(classes, 'softmax')],
  });
  if (weights) model.setWeights(weights);
  model.compile({ optimizer: { type: 'adam', learningRate: 0.01 }, loss: lossOf(classes), metrics: ['accuracy'] });
  return model;
}

interface Pretrained { data: PreparedData; weights: Float32Array[]; loss: number }

/** Trains every layer on the source data until it fits it (every training row right). */
async function pretrain(classes: number, backend: Backend): Promise<Pretrained> {
  const data = prepareData(clusters(classes, 1), 0.25, 1);
  const model = network(classes, backend);
  await model.fit(data.trainX, data.trainY, { epochs: 200, batchSize: 32 });
  const { loss, accuracy } = model.evaluate(data.trainX, data.trainY);
  assert.equal(accuracy, 1, 'pretraining fits every training row');
  assert.ok(loss < 0.05, `pretraining loss ${loss}`);
  const weights = model.getWeights();
  model.dispose();
  return { data, weights, loss };
}

/** Fine-tunes the pretrained weights on `data` with only layer `layer` (0-based) trainable; returns the loss before and after. */
async function fineTune(pretrained: Pretrained, data: PreparedData, layer: number, backend: Backend): Promise<{ before: number; after: number; accuracy: number }> {
  const classes = data.classNames.length;
  const model = network(classes, backend, pretrained.weights);
  model.layers.forEach((each, l) => { each.trainable = l === layer; });
  model.compile({ optimizer: { type: 'adam', learningRate: 0.03 }, loss: lossOf(classes), metrics: ['accuracy'] });
  const before = model.evaluate(data.trainX, data.trainY).loss;
  await model.fit(data.trainX, data.trainY, { epochs: FINE_TUNING_EPOCHS, batchSize: 32 });
  const after = model.evaluate(data.trainX, data.trainY);
  model.dispose();
  return { before, after: after.loss, accuracy: after.accuracy ?? NaN };
}

/** The largest absolute difference between two equally long arrays. */
function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i])), 0);
}

const BACKENDS: [string, () => Promise<Backend>][] = [['wasm-simd', () => loadBackend('wasm-simd')], ['js', async () => createJsBackend()]];

for (const [backendName, load] of BACKENDS) {
  test(`${backendName}: layer 1 undoes the input shift exactly with W' = A^-T W, b' = b - W'^T c`, async (t) => {
    const backend = await load();
    const source = await pretrain(3, backend);
    const seed = 1;
    const shifted = applyShift(source.data, parseShift('input'), seed).data;
    const map = randomAffineMap(FEATURES, seed);
    const aInverse = inverse(map.matrix, FEATURES);
    const [kernel, bias] = source.weights;
    const units = HIDDEN[0];
    // Layer 1 computes W^T x + b (W inputs x units). W'^T (A x + c) + b' = W^T x + b needs
    // W'^T A = W^T, so W' = A^-T W, and then b' = b - W'^T c.
    const undoneKernel = new Float32Array(kernel.length);
    const undoneBias = new Float32Array(units);
    for (let j = 0; j < units; j++) {
      let shiftOfBias = 0;
      for (let i = 0; i < FEATURES; i++) {
        let sum = 0;
        for (let k = 0; k < FEATURES; k++) sum += aInverse[k * FEATURES + i] * kernel[k * units + j];
        undoneKernel[i * units + j] = sum;
        shiftOfBias += sum * map.offset[i];
      }
      undoneBias[j] = bias[j] - shiftOfBias;
    }
    const original = network(3, backend, source.weights);
    const undone = network(3, backend, [undoneKernel, undoneBias, ...source.weights.slice(2)]);
    const expected = original.predict(source.data.trainX);
    const shiftedBefore = maxDifference(original.predict(shifted.trainX), expected);
    const afterUndo = maxDifference(undone.predict(shifted.trainX), expected);
    // Float tolerance: shifted inputs are rounded once to float32 (relative 6e-8) and the
    // network runs in float32; the shift itself moves predictions by O(1).
    assert.ok(shiftedBefore > 0.5, `the shift changes predictions (by ${shiftedBefore})`);
    assert.ok(afterUndo < 1e-5, `predictions after the undo differ by ${afterUndo}`);
    assert.ok(maxDifference(undone.predict(shifted.validationX), original.predict(source.data.validationX)) < 1e-5, 'held-out rows too');
    const undoneLoss = undone.evaluate(shifted.trainX, shifted.trainY).loss;
    t.diagnostic(`input shift undone: predictions moved ${shiftedBefore.toFixed(3)} by the shift, ${afterUndo.toExponential(1)} after the undo; loss ${undoneLoss} against ${source.loss}`);
    assert.ok(Math.abs(undoneLoss - source.loss) < 1e-6, `loss after the undo ${undoneLoss}, pretraining ${source.loss}`);
    original.dispose();
    undone.dispose();
  });

  test(`${backendName}: under the input shift, fine-tuning layer 1 alone recovers the pretraining loss; the last layer alone does not`, async (t) => {
    const backend = await load();
    const source = await pretrain(3, backend);
    for (const seed of [1, 2, 3]) {
      const shifted = applyShift(source.data, parseShift('input'), seed).data;
      const first = await fineTune(source, shifted, 0, backend);
      const last = await fineTune(source, shifted, HIDDEN.length, backend);
      t.diagnostic(`input shift seed ${seed}: pretraining loss ${source.loss.toFixed(4)}, shifted ${first.before.toFixed(3)}; `
        + `fine-tuned layer 1 only ${first.after.toFixed(4)}, last layer only ${last.after.toFixed(4)}`);
      assert.ok(first.before > 1, `seed ${seed}: the shift raises the loss (to ${first.before})`);
      assert.ok(first.after <= source.loss + RECOVERY_TOLERANCE && first.accuracy === 1, `seed ${seed}: layer 1 only reaches ${first.after}`);
      // The last layer sees only the two outputs of layer 1, which now mix the noise features
      // into the informative ones: no later layer can separate them again. On cases of this
      // kind (5 datasets x 20 shift seeds) the last layer alone never got below 0.31, where
      // layer 1 alone reached 0.0015 at worst; it stays there when trained twice as long.
      assert.ok(last.after > source.loss + 0.1 && last.after > 10 * first.after, `seed ${seed}: last layer only reaches ${last.after}`);
    }
  });

  test(`${backendName}: the last layer undoes the label shift exactly (softmax: permuted units; sigmoid: negated)`, async (t) => {
    const backend = await load();
    for (const classes of [3, 2]) {
      const source = await pretrain(classes, backend);
      const { data: shifted, applied } = applyShift(source.data, parseShift('label'), 4);
      assert.ok(applied.kind === 'label');
      const permutation = applied.permutation;
      const last = source.weights.length - 2;
      const [kernel, bias] = source.weights.slice(last);
      const inputs = kernel.length / bias.length;
      let undoneKernel: Float32Array;
      let undoneBias: Float32Array;
      if (classes === 2) {
        // sigmoid(-z) = 1 - sigmoid(z): the probability of the other class.
        assert.deepEqual([...permutation], [1, 0]);
        undoneKernel = kernel.map((w) => -w);
        undoneBias = bias.map((b) => -b);
      } else {
        // Unit permutation[c] takes over unit c's weights, so it outputs what unit c did.
        undoneKernel = new Float32Array(kernel.length);
        undoneBias = new Float32Array(bias.length);
        for (let c = 0; c < classes; c++) {
          for (let i = 0; i < inputs; i++) undoneKernel[i * classes + permutation[c]] = kernel[i * classes + c];
          undoneBias[permutation[c]] = bias[c];
        }
      }
      const original = network(classes, backend, source.weights);
      const undone = network(classes, backend, [...source.weights.slice(0, last), undoneKernel, undoneBias]);
      const expected = original.predict(source.data.trainX);
      const outputs = classes === 2 ? 1 : classes;
      const relabelled = new Float32Array(expected.length);
      for (let r = 0; r < expected.length / outputs; r++) {
        for (let c = 0; c < outputs; c++) {
          if (classes === 2) relabelled[r] = 1 - expected[r];
          else relabelled[r * classes + permutation[c]] = expected[r * classes + c];
        }
      }
      const undoneLoss = undone.evaluate(shifted.trainX, shifted.trainY).loss;
      const afterUndo = maxDifference(undone.predict(shifted.trainX), relabelled);
      t.diagnostic(`label shift undone, ${classes} classes: predictions ${afterUndo.toExponential(1)} from the relabelled ones; loss ${undoneLoss} against ${source.loss}`);
      assert.ok(original.evaluate(shifted.trainX, shifted.trainY).loss > 1, `${classes} classes: the shift raises the loss`);
      assert.ok(afterUndo < 1e-6, `${classes} classes: relabelled predictions differ by ${afterUndo}`);
      assert.ok(Math.abs(undoneLoss - source.loss) < 1e-6, `${classes} classes: loss after the undo ${undoneLoss}, pretraining ${source.loss}`);
      original.dispose();
      undone.dispose();
    }
  });

  test(`${backendName}: under the label shift, fine-tuning the last layer alone recovers the pretraining loss`, async (t) => {
    const backend = await load();
    for (const classes of [3, 2]) {
      const source = await pretrain(classes, backend);
      // For three classes, seeds 1 to 4 draw the three swaps and a 3-cycle.
      for (const seed of classes === 3 ? [1, 2, 3, 4] : [1]) {
        const shifted = applyShift(source.data, parseShift('label'), seed).data;
        const last = await fineTune(source, shifted, HIDDEN.length, backend);
        t.diagnostic(`label shift, ${classes} classes, permutation ${classPermutation(classes, seed).join(',')}: pretraining loss `
          + `${source.loss.toFixed(4)}, shifted ${last.before.toFixed(3)}, fine-tuned last layer only ${last.after.toFixed(4)}`);
        assert.ok(last.before > 1, `${classes} classes, seed ${seed}: the shift raises the loss (to ${last.before})`);
        assert.ok(last.after <= source.loss + RECOVERY_TOLERANCE && last.accuracy === 1, `${classes} classes, seed ${seed}: last layer only reaches ${last.after}`);
      }
    }
  });
}
