// Gradients over random architectures (1 to 5 layers, widths 1 to 70, every activation
// and loss) with random frozen layers, in both backends, against central finite
// differences. The differences are taken of a float64 reference of the loss (written
// here from Keras's definitions), with a step of 1e-6, so that they are exact to far
// below the float32 gradients' rounding, and rows near a relu kink can be left out
// exactly; the tolerances are test/backends/gradient-check.test.ts's (2e-3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createJsBackend, type Backend } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { relativeError } from '../helpers.js';
import { archArb, buildModel, check, compileOptions, dataFor, runs, type Arch } from './arbitraries.js';

const BACKENDS: Backend[] = [await loadBackend('wasm-simd'), createJsBackend()];
const STEP = 1e-6;
const TOLERANCE = 2e-3;
/** Rows with a relu pre-activation closer to 0 than this are left out: a step could cross the kink. */
const KINK_MARGIN = 1e-3;
const SAMPLED = 24;

interface Reference { loss: number; nearestKink: number }

/** The mean loss of one row in float64, and its relu pre-activation nearest to 0. */
function referenceLoss(arch: Arch, weights: Float64Array[], x: ArrayLike<number>, y: ArrayLike<number>): Reference {
  let a = Float64Array.from(x);
  let z = a;
  let nearestKink = Infinity;
  arch.layers.forEach((layer, l) => {
    const kernel = weights[2 * l];
    const bias = weights[2 * l + 1];
    const inputs = a.length;
    z = new Float64Array(layer.units);
    for (let j = 0; j < layer.units; j++) {
      let sum = bias[j];
      for (let i = 0; i < inputs; i++) sum += a[i] * kernel[i * layer.units + j];
      z[j] = sum;
    }
    const out = new Float64Array(layer.units);
    if (layer.activation === 'softmax') {
      const top = Math.max(...z);
      let total = 0;
      for (let j = 0; j < z.length; j++) total += (out[j] = Math.exp(z[j] - top));
      for (let j = 0; j < z.length; j++) out[j] /= total;
    } else {
      for (let j = 0; j < z.length; j++) {
        const v = z[j];
        if (layer.activation === 'relu') nearestKink = Math.min(nearestKink, Math.abs(v));
        out[j] = layer.activation === 'relu' ? Math.max(v, 0) : layer.activation === 'sigmoid' ? 1 / (1 + Math.exp(-v))
          : layer.activation === 'tanh' ? Math.tanh(v) : v;
      }
    }
    a = out;
  });
  const units = a.length;
  let loss = 0;
  if (arch.loss === 'binaryCrossentropy') {
    for (let j = 0; j < units; j++) loss += Math.max(z[j], 0) - z[j] * y[j] + Math.log1p(Math.exp(-Math.abs(z[j])));
    loss /= units;
  } else if (arch.loss === 'meanSquaredError') {
    for (let j = 0; j < units; j++) loss += (a[j] - y[j]) ** 2;
    loss /= units;
  } else {
    const top = Math.max(...z);
    const lse = top + Math.log(z.reduce((sum, v) => sum + Math.exp(v - top), 0));
    if (arch.loss === 'sparseCategoricalCrossentropy') loss = lse - z[y[0]];
    else for (let j = 0; j < units; j++) loss += y[j] * (lse - z[j]);
  }
  return { loss, nearestKink };
}

function meanLoss(arch: Arch, weights: Float64Array[], rows: { x: Float32Array; y: Float32Array }[]): number {
  return rows.reduce((sum, row) => sum + referenceLoss(arch, weights, row.x, row.y).loss, 0) / rows.length;
}

const cases = archArb().chain((arch) => fc.record({
  arch: fc.constant(arch),
  rows: fc.integer({ min: 1, max: 8 }),
  dataSeed: fc.nat(1e6),
  seed: fc.nat(1000),
  frozen: fc.array(fc.boolean(), { minLength: arch.layers.length, maxLength: arch.layers.length }),
  picks: fc.array(fc.nat(), { minLength: SAMPLED, maxLength: SAMPLED }),
  backend: fc.constantFrom(...BACKENDS),
}));

test('(c) analytic gradients match float64 central differences to 2e-3, over random architectures, in both backends', async () => {
  await check(fc.asyncProperty(cases, async ({ arch, rows, dataSeed, seed, frozen, picks, backend }) => {
    const model = buildModel(arch, backend, seed);
    model.layers.forEach((layer, l) => { layer.trainable = !frozen[l]; });
    model.compile(compileOptions(arch, 'adam'));
    // Non-zero biases, so that bias gradients are checked away from the initial zeros.
    const weights = model.getWeights().map((w, t) => (t % 2 === 1 ? w.map((_, i) => Math.sin(seed + 7 * i + t) * 0.1) : w));
    model.setWeights(weights);
    const w64 = weights.map((w) => Float64Array.from(w));
    const widthY = arch.loss === 'sparseCategoricalCrossentropy' ? 1 : arch.layers[arch.layers.length - 1].units;
    const candidates = dataFor(arch, 4 * rows, dataSeed);
    const kept = Array.from({ length: 4 * rows }, (_, r) => ({
      x: candidates.x.subarray(r * arch.inputs, (r + 1) * arch.inputs),
      y: candidates.y.subarray(r * widthY, (r + 1) * widthY),
    })).filter((row) => referenceLoss(arch, w64, row.x, row.y).nearestKink >= KINK_MARGIN).slice(0, rows);
    fc.pre(kept.length > 0);
    const x = Float32Array.from(kept.flatMap((row) => Array.from(row.x)));
    const y = Float32Array.from(kept.flatMap((row) => Array.from(row.y)));
    const { loss, grads } = model.gradients(x, y);
    const reference = meanLoss(arch, w64, kept);
    assert.ok(Math.abs(loss - reference) <= 1e-4 * Math.max(1, Math.abs(reference)), `loss ${loss}, float64 reference ${reference}`);
    // Sampled parameters of the layers that train, as [tensor, index] in getWeights order.
    const trainable = w64.flatMap((w, t) => (frozen[t >> 1] ? [] : [t]));
    fc.pre(trainable.length > 0);
    const analytic: number[] = [];
    const numeric: number[] = [];
    for (const pick of picks) {
      const t = trainable[pick % trainable.length];
      const i = Math.floor(pick / trainable.length) % w64[t].length;
      const pair = grads[t >> 1];
      assert.ok(pair, `layer ${(t >> 1) + 1} trains but has no gradients`);
      const original = w64[t][i];
      w64[t][i] = original + STEP;
      const up = meanLoss(arch, w64, kept);
      w64[t][i] = original - STEP;
      const down = meanLoss(arch, w64, kept);
      w64[t][i] = original;
      const expected = (up - down) / (2 * STEP);
      const got = pair[t % 2][i];
      assert.ok(Math.abs(got - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)), `tensor ${t}[${i}]: analytic ${got}, numeric ${expected}`);
      analytic.push(got);
      numeric.push(expected);
    }
    const norm = Math.hypot(...numeric);
    if (norm >= 1e-3) assert.ok(relativeError(analytic, numeric) < TOLERANCE, `relative error ${relativeError(analytic, numeric)}`);
    model.dispose();
  }), runs(80));
});
