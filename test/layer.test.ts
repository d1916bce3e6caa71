// Frozen layers and per-parameter masks: frozen numbers stay bit-identical,
// gradients still flow through frozen layers, and changes apply from the next step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, dense, type Backend } from '../src/index.js';
import { bothBackends, randomMatrix, randomLabels, sameBits } from './helpers.js';

const X = randomMatrix(100, 30, 11);
const Y = randomLabels(100, 2, 11);

function founding(backend: Backend, seed = 5): Sequential {
  const model = new Sequential({ inputSize: 30, layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')], backend, seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return model;
}

/** The raw gradient region of a layer, read past the public API to see what the kernels wrote. */
function rawGradients(model: Sequential, layer: number): Float32Array[] {
  const arena = (model as unknown as { arena: { grads: number } }).arena;
  return model.layers[layer].read(arena.grads);
}

test('a frozen layer keeps its weights and its zero Adam moments bit for bit', async () => {
  for (const backend of await bothBackends()) {
    const model = founding(backend);
    model.layers[1].trainable = false;
    const before = model.getWeights();
    await model.fit(X, Y, { epochs: 5, batchSize: 16 });
    const after = model.getWeights();
    const { m, v } = model.getOptimizerMoments();
    assert.ok(sameBits(after[2], before[2]) && sameBits(after[3], before[3]), `${backend.name}: layer 2 moved`);
    for (const part of [0, 1]) {
      assert.ok(m[1][part].every((value) => Object.is(value, 0)), `${backend.name}: layer 2 m moved`);
      assert.ok(v[1][part].every((value) => Object.is(value, 0)), `${backend.name}: layer 2 v moved`);
    }
    assert.ok(!sameBits(after[0], before[0]) && !sameBits(after[4], before[4]), `${backend.name}: trainable layers did not train`);
  }
});

test('masked parameters keep their values and moments bit for bit; the rest train', async () => {
  for (const backend of await bothBackends()) {
    const model = founding(backend);
    const kernelMask = randomLabels(30 * 16, 2, 3);
    model.layers[0].setTrainableMask({ kernel: kernelMask });
    model.layers[1].setTrainableMask({ kernel: 0 }); // bias-only training
    assert.equal(model.countTrainableParams(), kernelMask.reduce((a, b) => a + b, 0) + 16 + 8 + 9);
    const before = model.getWeights();
    await model.fit(X, Y, { epochs: 5, batchSize: 16 });
    const after = model.getWeights();
    const { m, v } = model.getOptimizerMoments();
    let moved = 0;
    for (let i = 0; i < kernelMask.length; i++) {
      if (kernelMask[i] === 0) {
        assert.ok(Object.is(after[0][i], before[0][i]), `${backend.name}: masked kernel[${i}] moved`);
        assert.ok(Object.is(m[0][0][i], 0) && Object.is(v[0][0][i], 0), `${backend.name}: masked kernel[${i}] moments moved`);
      } else if (after[0][i] !== before[0][i]) {
        moved++;
      }
    }
    assert.ok(moved > 0.9 * kernelMask.reduce((a, b) => a + b, 0), `${backend.name}: only ${moved} unmasked weights moved`);
    assert.ok(sameBits(after[2], before[2]), `${backend.name}: layer 2 kernel moved under a zero mask`);
    assert.ok(!sameBits(after[3], before[3]), `${backend.name}: layer 2 bias did not train`);
    assert.deepEqual(Array.from(model.layers[1].getTrainableMask().kernel).every((value) => value === 0), true);
  }
});

test('gradients flow down through frozen layers; nothing is computed below the lowest trainable layer', async () => {
  for (const backend of await bothBackends()) {
    const full = founding(backend);
    const firstOnly = founding(backend);
    firstOnly.layers[1].trainable = false;
    firstOnly.layers[2].trainable = false;
    const x = X.subarray(0, 32 * 30);
    const y = Y.subarray(0, 32);
    const reference = full.gradients(x, y).grads;
    const grads = firstOnly.gradients(x, y).grads;
    assert.equal(grads[1], null);
    assert.equal(grads[2], null);
    assert.ok(grads[0] && reference[0]);
    assert.ok(sameBits(grads[0][0], reference[0][0]) && sameBits(grads[0][1], reference[0][1]), `${backend.name}: layer 1 gradient differs`);
    assert.ok(grads[0][0].some((g) => g !== 0), `${backend.name}: layer 1 gradient is zero`);
    for (const layer of [1, 2]) {
      assert.ok(rawGradients(firstOnly, layer).every((part) => part.every((g) => g === 0)), `${backend.name}: frozen layer ${layer + 1} gradient was computed`);
    }

    const lastOnly = founding(backend);
    lastOnly.layers[0].trainable = false;
    lastOnly.layers[1].trainable = false;
    lastOnly.gradients(x, y);
    assert.ok(rawGradients(lastOnly, 0).every((part) => part.every((g) => g === 0)), `${backend.name}: backward ran below the lowest trainable layer`);
  }
});

test('a trainable flag changed between epochs applies from the next step', async () => {
  for (const backend of await bothBackends()) {
    const model = founding(backend);
    let frozenAt: Float32Array | null = null;
    const firstLayerAfter: Float32Array[] = [];
    await model.fit(X, Y, {
      epochs: 6, batchSize: 16,
      onEpochEnd: (epoch) => {
        firstLayerAfter.push(model.layers[0].getWeights()[0]);
        if (epoch === 2) {
          model.layers[0].trainable = false;
          frozenAt = firstLayerAfter[epoch];
        }
      },
    });
    assert.ok(frozenAt);
    assert.ok(!sameBits(firstLayerAfter[1], firstLayerAfter[2]), `${backend.name}: layer 1 did not train before the change`);
    for (const epoch of [3, 4, 5]) assert.ok(sameBits(firstLayerAfter[epoch], frozenAt), `${backend.name}: layer 1 moved after being frozen`);
  }
});

test('trainable parameter counts follow flags and masks; bad masks are refused', async () => {
  const [backend] = await bothBackends();
  const model = founding(backend);
  assert.equal(model.countParams(), 641);
  assert.equal(model.countTrainableParams(), 641);
  model.layers[1].trainable = false;
  model.layers[2].trainable = false;
  assert.equal(model.countTrainableParams(), 496);
  assert.throws(() => model.layers[0].setTrainableMask({ kernel: [1, 0] }), /kernel mask needs 480 values, got 2/);
  assert.throws(() => model.layers[0].setTrainableMask({ bias: 0.5 }), /holds 0 or 1/);
  assert.throws(() => model.layers[0].setWeights(new Float32Array(3), new Float32Array(16)), /expects a kernel of 30x16/);
});

test('setTrainableMask refuses a key it does not know (a typo must not leave the layer training)', async () => {
  const [backend] = await bothBackends();
  const model = new Sequential({ inputSize: 2, layers: [dense(2, 'relu')], backend });
  assert.throws(() => model.layers[0].setTrainableMask({ kernal: 0 } as never), /setTrainableMask takes 'kernel' and 'bias', got 'kernal'/);
});
