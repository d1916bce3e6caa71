// The arena's size, computed before anything is allocated: arenaBytes is what Arena lays out,
// and a layout beyond the 2 GiB cap is refused with its size before the memory grows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Arena, MAX_ARENA_BYTES, arenaBytes, checkArenaBytes } from '../src/arena.js';
import type { Engine } from '../src/backends/backend.js';
import { Sequential } from '../src/model.js';
import { dense } from '../src/layer.js';
import { createJsBackend } from '../src/backends/js.js';

// An engine that only records how far it was asked to grow.
function recordingEngine(): Engine & { asked: number } {
  const engine = {
    base: 1000,
    buffer: new ArrayBuffer(0),
    asked: 0,
    ensure(bytes: number) {
      engine.asked = Math.max(engine.asked, bytes);
      if (bytes > engine.buffer.byteLength) engine.buffer = new ArrayBuffer(bytes);
    },
    trainEpoch() {}, computeGradients() {}, applyGradients() {}, evaluate() {}, predict() {},
  };
  return engine;
}

test('the cap is 2 GiB: addresses are int32 words', () => {
  assert.equal(MAX_ARENA_BYTES, 2 ** 31);
  assert.doesNotThrow(() => checkArenaBytes(MAX_ARENA_BYTES, 'x'));
  assert.throws(() => checkArenaBytes(MAX_ARENA_BYTES + 1, 'a thing'), /^RangeError: a thing needs 2 GiB of memory, more than the 2 GiB a model's arena can hold/);
});

test('arenaBytes is the end of the layout Arena makes', () => {
  const layers = [{ inputs: 7, units: 13, activation: 0 }, { inputs: 13, units: 5, activation: 0 }, { inputs: 5, units: 3, activation: 0 }];
  for (const [maxBatch, fitRows, callRows] of [[1, 1, 0], [32, 100, 0], [100, 100, 17], [8, 33, 5]]) {
    const engine = recordingEngine();
    const arena = new Arena(engine, 7, layers);
    arena.reserve('fit', maxBatch, fitRows, 1);
    if (callRows > 0) arena.reserve('call', Math.min(maxBatch, callRows), callRows, 1);
    assert.equal(arenaBytes(engine.base, 7, layers, { maxBatch, fitRows, callRows, targetWidth: 1 }), engine.asked, `${maxBatch} ${fitRows} ${callRows}`);
  }
});

test('a model whose parameters pass 2 GiB is refused with its size before any memory grows', () => {
  const backend = createJsBackend();
  assert.throws(
    () => new Sequential({ inputSize: 64, layers: [dense(11000, 'relu'), dense(11000, 'relu'), dense(10, 'softmax')], backend }),
    /64-11000-11000-10 units needs 2\.\d+ GiB of memory, more than the 2 GiB/,
  );
});
