// Calls made from a fit's callbacks (evaluate, predict, gradients) work and never
// change what the fit trains on, even when they need more memory than the fit;
// a second fit, a compile or a trainOnBatch while fit runs is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, dense, type Backend, type History } from '../src/index.js';
import { bothBackends, randomLabels, randomMatrix, sameBits } from './helpers.js';

const TRAIN_X = randomMatrix(60, 5, 31);
const TRAIN_Y = randomLabels(60, 2, 31);
// Four times the training rows, in batches larger than fit's: the arena must grow mid-fit.
const BIG_X = randomMatrix(240, 5, 32);
const BIG_Y = randomLabels(240, 2, 32);

function model(backend: Backend): Sequential {
  const m = new Sequential({ inputSize: 5, layers: [dense(7, 'relu'), dense(4, 'tanh'), dense(1, 'sigmoid')], backend, seed: 9 });
  m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return m;
}

function sameHistory(a: History, b: History): boolean {
  const keys = ['loss', 'accuracy', 'val_loss', 'val_accuracy'] as const;
  return keys.every((key) => {
    const x = a.history[key];
    const y = b.history[key];
    if (x === undefined || y === undefined) return x === y;
    return x.length === y.length && x.every((value, i) => Object.is(value, y[i]));
  });
}

for (const validation of [0, 0.25]) {
  test(`evaluate, predict and gradients from onEpochEnd leave the fit's results bit for bit as without them (validation ${validation})`, async () => {
    for (const backend of await bothBackends()) {
      const plain = model(backend);
      const expected = await plain.fit(TRAIN_X, TRAIN_Y, { epochs: 4, batchSize: 16, validationSplit: validation });
      const busy = model(backend);
      const seen: number[] = [];
      const history = await busy.fit(TRAIN_X, TRAIN_Y, {
        epochs: 4, batchSize: 16, validationSplit: validation,
        onEpochEnd: () => {
          const logs = busy.evaluate(BIG_X, BIG_Y, { batchSize: 100 });
          assert.ok(Number.isFinite(logs.loss));
          seen.push(logs.loss);
          assert.equal(busy.predict(BIG_X, { batchSize: 200 }).length, 240);
          assert.equal(busy.gradients(BIG_X, BIG_Y).grads.length, 3);
        },
      });
      assert.equal(seen.length, 4);
      assert.ok(sameHistory(history, expected), `${backend.name}: the history changed: ${history.history.loss} vs ${expected.history.loss}`);
      assert.ok(busy.getWeights().every((w, i) => sameBits(w, plain.getWeights()[i])), `${backend.name}: the weights changed`);
      // What the callback measured is what the model then was: the last call equals one made after fit.
      const after = busy.evaluate(BIG_X, BIG_Y, { batchSize: 100 });
      assert.ok(Math.abs(after.loss - seen[3]) <= 1e-6 * Math.abs(after.loss), `${after.loss} vs ${seen[3]}`);
    }
  });
}

test('a second fit, a compile, a trainOnBatch or a dispose while fit runs is refused and the first fit goes on untouched', async () => {
  for (const backend of await bothBackends()) {
    const plain = model(backend);
    const expected = await plain.fit(TRAIN_X, TRAIN_Y, { epochs: 3, batchSize: 16 });
    const busy = model(backend);
    const refusals: string[] = [];
    assert.equal(busy.isTraining, false);
    const history = await busy.fit(TRAIN_X, TRAIN_Y, {
      epochs: 3, batchSize: 16,
      onEpochEnd: async () => {
        assert.equal(busy.isTraining, true);
        await assert.rejects(busy.fit(BIG_X, BIG_Y, { epochs: 1 }), (error: Error) => {
          refusals.push(error.message);
          return /fit cannot start while this model's fit is running/.test(error.message);
        });
        assert.throws(() => busy.compile({ loss: 'binaryCrossentropy' }), /compile cannot start while/);
        assert.throws(() => busy.trainOnBatch(BIG_X, BIG_Y), /trainOnBatch cannot start while/);
        assert.throws(() => busy.dispose(), /dispose cannot start while/);
      },
    });
    assert.equal(refusals.length, 3);
    assert.equal(busy.isTraining, false);
    assert.ok(sameHistory(history, expected), `${backend.name}: the history changed`);
    assert.ok(busy.getWeights().every((w, i) => sameBits(w, plain.getWeights()[i])));
    // Once fit has ended, fitting again works.
    await busy.fit(TRAIN_X, TRAIN_Y, { epochs: 1 });
    assert.equal(busy.step, 3 * 4 + 2);
  }
});

test('a fit that throws (bad data) leaves the model free to fit again', async () => {
  const [backend] = await bothBackends();
  const m = model(backend);
  await assert.rejects(m.fit(TRAIN_X, new Float32Array(60).fill(2)), /binary cross-entropy targets/);
  assert.equal(m.isTraining, false);
  await m.fit(TRAIN_X, TRAIN_Y, { epochs: 1, batchSize: 60 });
  assert.equal(m.step, 1);
});

test('a batch larger than the data trains as one batch of all of it (as Keras), without reserving room for the larger batch', async () => {
  for (const backend of await bothBackends()) {
    const whole = model(backend);
    const huge = model(backend);
    const a = await whole.fit(TRAIN_X, TRAIN_Y, { epochs: 2, batchSize: 60 });
    const b = await huge.fit(TRAIN_X, TRAIN_Y, { epochs: 2, batchSize: 1e9 });
    assert.deepEqual(b.history.loss, a.history.loss);
    assert.equal(huge.step, 2);
    assert.ok(Number.isFinite(huge.evaluate(TRAIN_X, TRAIN_Y, { batchSize: 1e9 }).loss));
    assert.equal(huge.predict(TRAIN_X, { batchSize: 1e9 }).length, 60);
  }
});
