// Properties of the two backends over random architectures, data, batch sizes, masks
// and frozen layers: (a) the wasm kernels agree with the plain-TypeScript reference to
// the tolerances of test/backends/agreement.test.ts; (d) a larger model, or more rows,
// after views of wasm memory were handed out (memory growth) gives the same bits as on
// fresh memory, and leaves the models already made intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createJsBackend, type Sequential } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { randomMatrix, relativeError } from '../helpers.js';
import { archArb, bits, buildModel, compileArb, compileOptions, dataArb, dataFor, freezingArb, runs, check, type Arch } from './arbitraries.js';

const JS = createJsBackend();
const WASM = await loadBackend('wasm-simd');

const cases = archArb().chain((arch) => fc.record({
  arch: fc.constant(arch), data: dataArb(), freezing: freezingArb(arch.layers.length), optimizer: compileArb, seed: fc.nat(1000),
}));

test('(a) wasm and js agree: one batch\'s gradients to 1e-5 relative per layer and part, first-epoch loss to 1e-5', async () => {
  await check(fc.asyncProperty(cases, async ({ arch, data, freezing, optimizer, seed }) => {
    const { x, y } = dataFor(arch, data.rows, data.seed);
    const [a, b] = [WASM, JS].map((backend) => {
      const model = buildModel(arch, backend, seed, freezing);
      model.compile(compileOptions(arch, optimizer));
      return model;
    });
    const ga = a.gradients(x, y);
    const gb = b.gradients(x, y);
    assert.ok(Math.abs(ga.loss - gb.loss) <= 1e-5 * Math.abs(gb.loss), `gradients' loss ${ga.loss} vs ${gb.loss}`);
    ga.grads.forEach((pair, l) => {
      const reference = gb.grads[l];
      assert.equal(pair === null, reference === null, `layer ${l + 1}: frozen in one backend only`);
      if (!pair || !reference) return;
      for (let part = 0; part < 2; part++) {
        const error = relativeError(pair[part], reference[part]);
        assert.ok(error <= 1e-5, `layer ${l + 1} ${part === 0 ? 'kernel' : 'bias'}: relative error ${error}`);
      }
    });
    const fit = { epochs: 1, batchSize: data.batchSize };
    const [ha, hb] = [await a.fit(x, y, fit), await b.fit(x, y, fit)];
    const [la, lb] = [ha.history.loss[0], hb.history.loss[0]];
    assert.ok(Math.abs(la - lb) <= 1e-5 * Math.max(Math.abs(lb), 1e-6), `first-epoch losses ${la} vs ${lb}`);
    a.dispose();
    b.dispose();
  }), runs(100));
});

function grown(arch: Arch, extra: number): Arch {
  return { ...arch, inputs: arch.inputs + extra, layers: arch.layers.map((l) => ({ ...l, units: l.units + extra })) };
}

async function trace(model: Sequential, x: Float32Array, y: Float32Array, batchSize: number): Promise<number[]> {
  const history = await model.fit(x, y, { epochs: 2, batchSize });
  return [...history.history.loss, ...bits(model.getWeights()), ...bits(model.getOptimizerMoments().m.flat())];
}

test('(d) memory growth: more rows, and a larger model on a reused engine, give the bits of fresh memory; older models are intact', async () => {
  await check(fc.asyncProperty(cases, fc.integer({ min: 1, max: 40 }), async ({ arch, data, freezing, optimizer, seed }, extra) => {
    const shared = await loadBackend('wasm-simd');
    const { x, y } = dataFor(arch, data.rows, data.seed);
    // A model that stays alive, and one whose engine (with its views handed out) is reused.
    const kept = buildModel(arch, shared, seed, freezing);
    kept.compile(compileOptions(arch, optimizer));
    await kept.fit(x, y, { epochs: 1, batchSize: data.batchSize });
    const keptBefore = kept.predict(x);
    const small = buildModel(arch, shared, seed + 1, freezing);
    small.compile(compileOptions(arch, optimizer));
    await small.fit(x, y, { epochs: 1, batchSize: data.batchSize });
    const smallOut = small.predict(x);
    // Many more rows than the arena was laid out for: it grows, and the old copies stay valid.
    const many = randomMatrix(data.rows * 20 + 500, arch.inputs, data.seed + 3);
    const manyOut = small.predict(many, { batchSize: 64 });
    const reference = buildModel(arch, JS, seed + 1, freezing);
    reference.compile(compileOptions(arch, optimizer));
    await reference.fit(x, y, { epochs: 1, batchSize: data.batchSize });
    const referenceOut = reference.predict(many, { batchSize: 64 });
    assert.ok(relativeError(manyOut, referenceOut) <= 1e-4, `predictions on grown memory: relative error ${relativeError(manyOut, referenceOut)}`);
    assert.deepEqual(bits([small.predict(x)]), bits([smallOut]), 'predictions changed after the arena grew');
    small.dispose();
    // A larger model takes the released engine, whose memory must grow under old views.
    const big = grown(arch, extra);
    const bigData = dataFor(big, data.rows + extra, data.seed + 4);
    const onReused = buildModel(big, shared, seed, freezing);
    onReused.compile(compileOptions(big, optimizer));
    const fresh = buildModel(big, await loadBackend('wasm-simd'), seed, freezing);
    fresh.compile(compileOptions(big, optimizer));
    const [a, b] = [await trace(onReused, bigData.x, bigData.y, data.batchSize), await trace(fresh, bigData.x, bigData.y, data.batchSize)];
    assert.deepEqual(a, b, 'a larger model on a reused engine differs from one on fresh memory');
    assert.deepEqual(bits([kept.predict(x)]), bits([keptBefore]), 'a model made earlier changed when later models grew');
    for (const model of [kept, onReused, fresh, reference]) model.dispose();
  }), runs(30));
});
