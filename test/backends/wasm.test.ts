// The wasm backend accepts its kernels as a compiled module or as bytes, as edge runtimes require.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Sequential, dense, createWasmBackend, type Backend } from '../../src/index.js';
import { randomMatrix, randomLabels, sameBits } from '../helpers.js';

const WASM = new URL('../../wasm/simd.wasm', import.meta.url);

async function trainedWeights(backend: Backend): Promise<Float32Array[]> {
  const model = new Sequential({ inputSize: 8, layers: [dense(5, 'tanh'), dense(1, 'sigmoid')], backend, seed: 4 });
  model.compile({ loss: 'binaryCrossentropy' });
  await model.fit(randomMatrix(40, 8, 1), randomLabels(40, 2, 1), { epochs: 3, batchSize: 8 });
  return model.getWeights();
}

test('a WebAssembly.Module and raw bytes give the same backend and the same bits', async () => {
  const bytes = await readFile(WASM);
  const fromBytes = await createWasmBackend(bytes);
  const fromModule = await createWasmBackend(await WebAssembly.compile(bytes));
  assert.equal(fromModule.name, 'wasm-simd');
  const a = await trainedWeights(fromBytes);
  const b = await trainedWeights(fromModule);
  assert.ok(a.every((w, i) => sameBits(w, b[i])));
});

test('models on one backend have separate memories', async () => {
  const backend = await createWasmBackend(await readFile(WASM));
  const first = new Sequential({ inputSize: 8, layers: [dense(1, 'sigmoid')], backend, seed: 1 });
  const second = new Sequential({ inputSize: 8, layers: [dense(1, 'sigmoid')], backend, seed: 2 });
  const before = first.getWeights();
  second.setWeights([new Float32Array(8).fill(3), [1]]);
  assert.ok(sameBits(first.getWeights()[0], before[0]));
});

test('bytes that are not wasm are refused', async () => {
  await assert.rejects(createWasmBackend(new Uint8Array([1, 2, 3, 4])), WebAssembly.CompileError);
});
