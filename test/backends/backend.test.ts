// The engine pool: a released small engine is reused; a large one is dropped, so its memory goes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POOLED_ENGINE_MAX_BYTES, POOL_SIZE, pooledBackend, type Engine } from '../../src/backends/backend.js';
import { Sequential } from '../../src/model.js';
import { dense } from '../../src/layer.js';
import { createJsBackend } from '../../src/backends/js.js';

function fakeEngine(bytes: number): Engine {
  return {
    base: 0, buffer: new ArrayBuffer(bytes), ensure() {}, trainEpoch() {}, computeGradients() {}, applyGradients() {}, evaluate() {}, predict() {},
  };
}

test('the documented sizes: 4 engines of at most 64 MiB', () => {
  assert.equal(POOL_SIZE, 4);
  assert.equal(POOLED_ENGINE_MAX_BYTES, 64 * 1024 * 1024);
});

test('a released small engine is reused; a released large one is not', () => {
  let made = 0;
  const backend = pooledBackend('fake', () => { made++; return fakeEngine(1024); });
  const small = backend.createEngine();
  backend.releaseEngine(small);
  assert.equal(backend.createEngine(), small);
  const large = fakeEngine(POOLED_ENGINE_MAX_BYTES + 1);
  backend.releaseEngine(large);
  const next = backend.createEngine();
  assert.notEqual(next, large);
  assert.equal(made, 2);
});

test('a disposed model above the size leaves no engine behind; a small one\'s engine serves the next model', () => {
  const backend = createJsBackend();
  // 2048 x 2048 weights: 16 MiB a region, five regions, past the 64 MiB a kept engine may hold.
  const large = new Sequential({ inputSize: 2048, layers: [dense(2048, 'relu'), dense(1, 'sigmoid')], backend });
  const largeEngine = (large as unknown as { arena: { engine: Engine } }).arena.engine;
  assert.ok(largeEngine.buffer.byteLength > POOLED_ENGINE_MAX_BYTES);
  large.dispose();
  const after = new Sequential({ inputSize: 4, layers: [dense(1, 'sigmoid')], backend });
  const afterEngine = (after as unknown as { arena: { engine: Engine } }).arena.engine;
  assert.notEqual(afterEngine, largeEngine);
  after.dispose();
  const again = new Sequential({ inputSize: 4, layers: [dense(1, 'sigmoid')], backend });
  assert.equal((again as unknown as { arena: { engine: Engine } }).arena.engine, afterEngine);
  again.dispose();
});
