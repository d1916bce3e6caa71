// Exact resume: fit, save, load, fit again gives the bits of one uninterrupted fit,
// on both backends, through the artifacts in memory and through files on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequential, dense, type Backend, type CompileOptions, type History } from '../../src/index.js';
import { saveModel, loadModel } from '../../src/node/model-files.js';
import { bothBackends, randomLabels, randomMatrix, sameBits } from '../helpers.js';

const X = randomMatrix(90, 6, 41);
const Y = randomLabels(90, 3, 41);

function build(backend: Backend, compile: CompileOptions): Sequential {
  const model = new Sequential({ inputSize: 6, layers: [dense(9, 'relu'), dense(5, 'tanh'), dense(3, 'softmax')], backend, seed: 7 });
  model.layers[1].trainable = false;
  model.layers[0].setTrainableMask({ kernel: Array.from({ length: 54 }, (_, i) => (i % 4 === 0 ? 0 : 1)) });
  model.compile(compile);
  return model;
}

function losses(history: History): number[] {
  return [...history.history.loss, ...(history.history.val_loss ?? [])];
}

const COMPILES: [string, CompileOptions][] = [
  ['adam', { loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'] }],
  ['sgd', { loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'sgd', learningRate: 0.05 } }],
];

for (const [label, compile] of COMPILES) {
  test(`${label}: fit 5, toArtifacts, fromArtifacts, fit 5 equals fit 10 bit for bit, on both backends`, async () => {
    for (const backend of await bothBackends()) {
      const whole = build(backend, compile);
      const all = await whole.fit(X, Y, { epochs: 10, batchSize: 16 });
      const first = build(backend, compile);
      const head = await first.fit(X, Y, { epochs: 5, batchSize: 16 });
      const resumed = Sequential.fromArtifacts(first.toArtifacts(), { backend });
      assert.equal(resumed.step, first.step);
      assert.equal(resumed.layers[1].trainable, false);
      const tail = await resumed.fit(X, Y, { epochs: 5, batchSize: 16 });
      const joined = [...losses(head), ...losses(tail)];
      assert.deepEqual(joined, losses(all), `${backend.name}: histories differ`);
      assert.ok(resumed.getWeights().every((w, i) => sameBits(w, whole.getWeights()[i])), `${backend.name}: weights differ`);
      const [m, v] = [resumed.getOptimizerMoments(), whole.getOptimizerMoments()];
      assert.ok(m.m.flat().every((x, i) => sameBits(x, v.m.flat()[i])), `${backend.name}: moments differ`);
    }
  });
}

test('saveModel and loadModel: the same resume through model.json and weights.bin; nothing else is left in the folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-resume-'));
  try {
    for (const backend of await bothBackends()) {
      const [, compile] = COMPILES[0];
      const whole = build(backend, compile);
      const all = await whole.fit(X, Y, { epochs: 6, batchSize: 32, validationSplit: 0.2 });
      const first = build(backend, compile);
      const head = await first.fit(X, Y, { epochs: 3, batchSize: 32, validationSplit: 0.2 });
      await saveModel(first, dir);
      assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'weights.bin']);
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      assert.equal(json.format, 'layers-model');
      assert.equal(json.modelTopology.config.layers[1].config.trainable, false);
      const resumed = await loadModel(dir, { backend });
      assert.deepEqual(Array.from(resumed.layers[0].getTrainableMask().kernel), Array.from(first.layers[0].getTrainableMask().kernel));
      const tail = await resumed.fit(X, Y, { epochs: 3, batchSize: 32, validationSplit: 0.2 });
      assert.deepEqual([...head.history.loss, ...tail.history.loss], all.history.loss);
      assert.deepEqual([...(head.history.val_loss ?? []), ...(tail.history.val_loss ?? [])], all.history.val_loss);
      assert.ok(resumed.getWeights().every((w, i) => sameBits(w, whole.getWeights()[i])));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SGD with momentum: the velocity goes through TF.js\'s accumulation and resumes to float32 rounding', async () => {
  const compile: CompileOptions = { loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } };
  for (const backend of await bothBackends()) {
    const whole = build(backend, compile);
    const all = await whole.fit(X, Y, { epochs: 10, batchSize: 16 });
    const first = build(backend, compile);
    await first.fit(X, Y, { epochs: 5, batchSize: 16 });
    const resumed = Sequential.fromArtifacts(first.toArtifacts(), { backend });
    const velocity = (m: Sequential) => m.getOptimizerMoments().m.flat();
    velocity(resumed).forEach((v, i) => {
      const original = velocity(first)[i];
      v.forEach((x, j) => assert.ok(Math.abs(x - original[j]) <= 1e-6 * Math.abs(original[j]) + 1e-12, `velocity ${i}.${j}: ${x} vs ${original[j]}`));
    });
    const tail = await resumed.fit(X, Y, { epochs: 5, batchSize: 16 });
    const expected = all.history.loss.slice(5);
    tail.history.loss.forEach((loss, e) => assert.ok(Math.abs(loss - expected[e]) <= 1e-5 * expected[e], `${backend.name} epoch ${e + 6}: ${loss} vs ${expected[e]}`));
  }
});
