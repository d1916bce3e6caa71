// The wasm kernels against the plain-TypeScript reference: same layout, same
// arithmetic, different summation order, so agreement to float32 rounding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, dense, createJsBackend } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';
import { prepareData, runOne, type RunResult } from '../../src/experiments/experiment.js';
import { FOUNDING_SETTINGS, experimentConfig } from '../../src/experiments/settings.js';
import type { Backend } from '../../src/index.js';
import { randomMatrix, randomLabels, relativeError } from '../helpers.js';

test('wasm and js gradients of one batch agree to 1e-5 relative, layer by layer', async () => {
  const wasm = await loadBackend('wasm-simd');
  const js = createJsBackend();
  const shapes = [
    { inputs: 30, layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')], loss: 'binaryCrossentropy' as const, classes: 2 },
    { inputs: 64, layers: [dense(37, 'tanh'), dense(21, 'sigmoid'), dense(10, 'softmax')], loss: 'sparseCategoricalCrossentropy' as const, classes: 10 },
  ];
  for (const shape of shapes) {
    const build = (backend: typeof wasm): Sequential => {
      const model = new Sequential({ inputSize: shape.inputs, layers: shape.layers, backend, seed: 7 });
      model.compile({ loss: shape.loss });
      return model;
    };
    const x = randomMatrix(32, shape.inputs, 3);
    const y = randomLabels(32, shape.classes, 3);
    const a = build(wasm).gradients(x, y);
    const b = build(js).gradients(x, y);
    assert.ok(Math.abs(a.loss - b.loss) <= 1e-5 * Math.abs(b.loss), `loss ${a.loss} vs ${b.loss}`);
    a.grads.forEach((pair, l) => {
      const reference = b.grads[l];
      assert.ok(pair && reference);
      for (let part = 0; part < 2; part++) {
        const error = relativeError(pair[part], reference[part]);
        assert.ok(error <= 1e-5, `layer ${l + 1} ${part === 0 ? 'kernel' : 'bias'}: relative error ${error}`);
      }
    });
  }
});

test('the founding run: first-epoch losses agree to 1e-5, epoch-100 losses within 5%', async () => {
  const data = prepareData(await loadBuiltinDataset('breast-cancer'), 0, 100);
  const config = experimentConfig(FOUNDING_SETTINGS);
  const founding = (backend: Backend): Promise<RunResult[]> => Promise.all(config.sets.map((set) => runOne(data, config, set, 100, backend)));
  const wasmRuns = await founding(await loadBackend('wasm-simd'));
  const jsRuns = await founding(createJsBackend());
  for (let i = 0; i < wasmRuns.length; i++) {
    const a = wasmRuns[i].loss;
    const b = jsRuns[i].loss;
    const first = Math.abs(a[0] - b[0]) / b[0];
    const last = Math.abs(a[99] - b[99]) / b[99];
    const worst = Math.max(...a.map((v, e) => Math.abs(v - b[e]) / b[e]));
    if (process.env.WASMLP_TEST_VERBOSE) {
      console.log(`train ${wasmRuns[i].train}: epoch 1 ${first.toExponential(2)}, epoch 100 ${last.toExponential(2)}, worst epoch ${worst.toExponential(2)}`);
    }
    assert.ok(first <= 1e-5, `train ${wasmRuns[i].train}: epoch 1 losses ${a[0]} and ${b[0]} differ by ${first}`);
    assert.ok(last <= 0.05, `train ${wasmRuns[i].train}: epoch 100 losses ${a[99]} and ${b[99]} differ by ${last}`);
  }
});
