// Properties of training over random architectures, data, batch sizes, masks and
// frozen layers, on both backends: (b) frozen parameters (a frozen layer's, or a
// masked-out one's) and their optimiser state never change, bit for bit, including
// state built up before the freeze; (e) toArtifacts, fromArtifacts and fit again gives
// the bits of one uninterrupted fit (Adam and plain SGD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Sequential, createJsBackend, type Backend } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { applyFreezing, archArb, bits, buildModel, check, compileArb, compileOptions, dataArb, dataFor, freezingArb, runs } from './arbitraries.js';

const BACKENDS: Backend[] = [await loadBackend('wasm-simd'), createJsBackend()];

const cases = archArb().chain((arch) => fc.record({
  arch: fc.constant(arch), data: dataArb(), freezing: freezingArb(arch.layers.length), seed: fc.nat(1000),
  backend: fc.constantFrom(...BACKENDS), epochs: fc.integer({ min: 1, max: 3 }),
}));

/** Per parameter, in getWeights order: whether it is frozen (its layer frozen, or its mask 0). */
function frozenFlags(model: Sequential): boolean[] {
  return model.layers.flatMap((layer) => {
    const { kernel, bias } = layer.getTrainableMask();
    return [...kernel, ...bias].map((bit) => !layer.trainable || bit === 0);
  });
}

/** Per parameter, in getWeights order: the bits of the weight and of both moments. */
function state(model: Sequential): number[][] {
  const { m, v } = model.getOptimizerMoments();
  return [bits(model.getWeights()), bits(m.flat()), bits(v.flat())];
}

test('(b) frozen parameters and their optimiser state never change bit for bit, also when frozen after training', async () => {
  await check(fc.asyncProperty(cases, compileArb, fc.boolean(), async ({ arch, data, freezing, seed, backend, epochs }, optimizer, warm) => {
    const { x, y } = dataFor(arch, data.rows, data.seed);
    const model = buildModel(arch, backend, seed, warm ? undefined : freezing);
    model.compile(compileOptions(arch, optimizer));
    // Warm: everything trains first, so that frozen moments are non-zero when the freeze comes.
    if (warm) {
      await model.fit(x, y, { epochs: 1, batchSize: data.batchSize });
      applyFreezing(model, freezing);
    }
    const frozen = frozenFlags(model);
    const before = state(model);
    await model.fit(x, y, { epochs, batchSize: data.batchSize });
    model.trainOnBatch(x, y);
    const after = state(model);
    const names = ['weight', 'first moment', 'second moment'];
    frozen.forEach((isFrozen, i) => {
      if (!isFrozen) return;
      for (let k = 0; k < 3; k++) assert.equal(after[k][i], before[k][i], `frozen parameter ${i}: its ${names[k]} changed`);
    });
    model.dispose();
  }), runs(60));
});

test('(e) fit, toArtifacts, fromArtifacts, fit equals one uninterrupted fit, bit for bit (Adam and plain SGD)', async () => {
  await check(fc.asyncProperty(cases, fc.constantFrom<'adam' | 'sgd'>('adam', 'sgd'), fc.integer({ min: 1, max: 3 }), async ({ arch, data, freezing, seed, backend, epochs }, optimizer, more) => {
    const { x, y } = dataFor(arch, data.rows, data.seed);
    const fit = { epochs, batchSize: data.batchSize, validationSplit: data.rows >= 4 ? 0.25 : 0 };
    const make = (): Sequential => {
      const model = buildModel(arch, backend, seed, freezing);
      model.compile(compileOptions(arch, optimizer));
      return model;
    };
    const whole = make();
    const all = await whole.fit(x, y, { ...fit, epochs: epochs + more });
    const first = make();
    const head = await first.fit(x, y, fit);
    const artifacts = first.toArtifacts();
    // The saved bytes are copied, so that nothing can alias the first model's memory.
    const resumed = Sequential.fromArtifacts({ ...artifacts, weightData: (artifacts.weightData as ArrayBuffer).slice(0) }, { backend });
    first.dispose();
    const tail = await resumed.fit(x, y, { ...fit, epochs: more });
    assert.deepEqual([...head.history.loss, ...tail.history.loss], all.history.loss, 'losses differ');
    assert.deepEqual([...(head.history.val_loss ?? []), ...(tail.history.val_loss ?? [])], all.history.val_loss ?? [], 'validation losses differ');
    assert.deepEqual(state(resumed), state(whole), 'weights or moments differ');
    assert.equal(resumed.step, whole.step);
    resumed.dispose();
    whole.dispose();
  }), runs(60));
});
