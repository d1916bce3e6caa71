// The model's Keras semantics: initialisation, fit's batching, loss bookkeeping and
// validation split, reproducibility, arena growth, and errors for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, dense, type Backend } from '../src/index.js';
import { bothBackends, randomMatrix, randomLabels, sameBits } from './helpers.js';

function classifier(backend: Backend, seed = 1): Sequential {
  const model = new Sequential({ inputSize: 6, layers: [dense(10, 'relu'), dense(3, 'softmax')], backend, seed });
  model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return model;
}

const X = randomMatrix(75, 6, 21);
const Y = randomLabels(75, 3, 21);

test('kernels start glorot-uniform within sqrt(6 / (fan_in + fan_out)), biases at zero', async () => {
  const [backend] = await bothBackends();
  const model = new Sequential({ inputSize: 30, layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')], backend, seed: 3 });
  model.layers.forEach((layer) => {
    const [kernel, bias] = layer.getWeights();
    const limit = Math.sqrt(6 / (layer.inputs + layer.units));
    assert.ok(kernel.every((w) => Math.abs(w) <= limit), `layer ${layer.index + 1} exceeds its limit`);
    const spread = Math.max(...kernel.map(Math.abs));
    if (kernel.length >= 100) assert.ok(spread > 0.9 * limit, `layer ${layer.index + 1} uses too little of its range`);
    assert.ok(bias.every((b) => b === 0));
  });
  const mean = model.layers[0].getWeights()[0].reduce((a, b) => a + b, 0) / 480;
  assert.ok(Math.abs(mean) < 0.05, `kernel mean ${mean} is not centred`);
});

test('the same seed gives the same bits: weights, history and predictions; another seed does not', async () => {
  for (const backend of await bothBackends()) {
    const runs = [1, 1, 2].map(async (seed) => {
      const model = classifier(backend, seed);
      const history = await model.fit(X, Y, { epochs: 4, batchSize: 8, validationSplit: 0.2 });
      return { weights: model.getWeights(), loss: Float32Array.from(history.history.loss), prediction: model.predict(X) };
    });
    const [a, b, c] = await Promise.all(runs);
    assert.ok(a.weights.every((w, i) => sameBits(w, b.weights[i])), `${backend.name}: weights differ`);
    assert.ok(new Float64Array(a.loss).every((l, i) => Object.is(l, b.loss[i])), `${backend.name}: history differs`);
    assert.ok(sameBits(a.prediction, b.prediction));
    assert.ok(!sameBits(a.weights[0], c.weights[0]), `${backend.name}: seeds 1 and 2 gave the same weights`);
  }
});

test('fit keeps the last partial batch and records the sample-weighted mean of pre-update batch losses', async () => {
  for (const backend of await bothBackends()) {
    const fitted = classifier(backend);
    const stepped = classifier(backend);
    const history = await fitted.fit(X, Y, { epochs: 1, batchSize: 32, shuffle: false });
    let weighted = 0;
    for (const [start, rows] of [[0, 32], [32, 32], [64, 11]]) {
      weighted += rows * stepped.trainOnBatch(X.subarray(start * 6, (start + rows) * 6), Y.subarray(start, start + rows));
    }
    assert.equal(fitted.step, 3);
    assert.ok(Math.abs(history.history.loss[0] - weighted / 75) < 1e-7, `${backend.name}: ${history.history.loss[0]} vs ${weighted / 75}`);
    assert.ok(fitted.getWeights().every((w, i) => sameBits(w, stepped.getWeights()[i])), `${backend.name}: fit and trainOnBatch disagree`);
  }
});

test('validationSplit holds out the last fraction before shuffling and reports its loss after each epoch', async () => {
  for (const backend of await bothBackends()) {
    const split = classifier(backend);
    const trainedOnHead = classifier(backend);
    const history = await split.fit(X, Y, { epochs: 3, batchSize: 16, validationSplit: 0.2 });
    await trainedOnHead.fit(X.subarray(0, 60 * 6), Y.subarray(0, 60), { epochs: 3, batchSize: 16 });
    assert.ok(split.getWeights().every((w, i) => sameBits(w, trainedOnHead.getWeights()[i])), `${backend.name}: trained on more than the first 60`);
    const held = split.evaluate(X.subarray(60 * 6), Y.subarray(60));
    assert.ok(Math.abs((history.history.val_loss ?? [])[2] - held.loss) < 1e-7);
    assert.ok(Math.abs((history.history.val_accuracy ?? [])[2] - (held.accuracy ?? -1)) < 1e-12);
    assert.equal(history.history.loss.length, 3);
    assert.equal(history.gradNorm.length, 3);
    assert.ok(history.gradNorm.every((norms) => norms.every((n) => n !== null && n > 0)));
  }
});

test('the arena grows when data outgrows it, and results are those of a model that never grew', async () => {
  for (const backend of await bothBackends()) {
    const big = randomMatrix(20000, 6, 5);
    const labels = randomLabels(20000, 3, 5);
    const grown = classifier(backend);
    grown.predict(X.subarray(0, 6));
    const engine = (grown as unknown as { arena: { engine: { buffer: ArrayBuffer } } }).arena.engine;
    const before = engine.buffer;
    await grown.fit(big, labels, { epochs: 1, batchSize: 256 });
    assert.notEqual(engine.buffer, before, `${backend.name}: the arena did not grow`);
    const fresh = classifier(backend);
    await fresh.fit(big, labels, { epochs: 1, batchSize: 256 });
    assert.ok(grown.getWeights().every((w, i) => sameBits(w, fresh.getWeights()[i])), `${backend.name}: growth changed the results`);
    assert.ok(sameBits(grown.predict(X), fresh.predict(X)));
  }
});

test('predict gives probabilities: softmax rows sum to one', async () => {
  const [backend] = await bothBackends();
  const model = classifier(backend);
  const p = model.predict(X);
  assert.equal(p.length, 75 * 3);
  for (let r = 0; r < 75; r++) assert.ok(Math.abs(p[3 * r] + p[3 * r + 1] + p[3 * r + 2] - 1) < 1e-6);
});

test('bad input is refused with a clear message', async () => {
  const [backend] = await bothBackends();
  const uncompiled = new Sequential({ inputSize: 6, layers: [dense(3, 'softmax')], backend });
  await assert.rejects(uncompiled.fit(X, Y), /compile the model before/);
  const model = classifier(backend);
  await assert.rejects(model.fit(X, Y.subarray(0, 70)), /x has 75 samples but y has 70/);
  await assert.rejects(model.fit(X.subarray(0, 60), Y.subarray(0, 10), { validationSplit: 0.95 }), /validationSplit 0.95 of 10 samples leaves 0 to train on and 10/);
  const bad = X.slice();
  bad[13] = NaN;
  await assert.rejects(model.fit(bad, Y), /x row 2 column 1 is NaN/);
  await assert.rejects(model.fit(X, Y.map((v, i) => (i === 4 ? 3 : v))), /y row 4 is 3: a sparse label must be a class index from 0 to 2/);
  await assert.rejects(model.fit(X, Y, { batchSize: 0 }), /batchSize must be a whole number/);
  await assert.rejects(model.fit([[1, 2, 3]], [0]), /x row 0 has 3 values, expected 6/);
  assert.throws(() => new Sequential({ inputSize: 4, layers: [dense(3, 'softmax'), dense(2, 'relu')], backend }), /softmax is for the output layer only/);
  const regression = new Sequential({ inputSize: 4, layers: [dense(1, 'linear')], backend });
  assert.throws(() => regression.compile({ loss: 'binaryCrossentropy' }), /needs a sigmoid output layer/);
  assert.throws(() => regression.compile({ loss: 'mse', optimizer: { type: 'adam', learningRate: -1 } }), /learningRate must be a positive number/);
  assert.throws(() => regression.compile({ loss: 'mse', metrics: ['auc'] }), /unknown metric 'auc'/);
});

test('a disposed model hands its memory to the next model, which starts clean; the disposed one refuses work', async () => {
  for (const backend of await bothBackends()) {
    const first = classifier(backend, 5);
    first.layers[0].setTrainableMask({ kernel: 0 });
    await first.fit(X, Y, { epochs: 2, batchSize: 8 });
    first.dispose();
    assert.throws(() => first.predict(X), /this model was disposed/);
    const reused = classifier(backend, 9);
    const fresh = classifier((await bothBackends())[backend.name === 'js' ? 1 : 0], 9);
    await reused.fit(X, Y, { epochs: 2, batchSize: 8 });
    await fresh.fit(X, Y, { epochs: 2, batchSize: 8 });
    assert.ok(reused.getWeights().every((w, i) => sameBits(w, fresh.getWeights()[i])), `${backend.name}: a reused engine changed the results`);
    assert.equal(reused.countTrainableParams(), reused.countParams());
  }
});

test('a value float32 cannot hold is refused in plain arrays as in typed ones', async () => {
  const [backend] = await bothBackends();
  const model = new Sequential({ inputSize: 2, layers: [dense(1, 'sigmoid')], backend });
  model.compile({ loss: 'binaryCrossentropy' });
  assert.throws(() => model.predict([[1, 1e39]]), /x row 0 column 1 is 1e\+39, not a finite float32 number/);
  assert.throws(() => model.predict(Float64Array.of(1, 1e39)), /x row 0 column 1 is Infinity, not a finite float32 number/);
});
