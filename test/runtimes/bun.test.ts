// Bun (the `bun` devDependency's binary): the founding network through
// wasmlp/bundle with the kernels passed as bytes, the same bits as Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameBits, foundingJob, nodeReference, RUNTIME_TEST_EPOCHS } from './founding-job.js';
import { runFoundingIn } from './edge-run.js';

test('Bun trains the founding network through wasmlp/bundle to the same bits as Node', { timeout: 120_000 }, async () => {
  const job = await foundingJob();
  const [expected, actual] = await Promise.all([nodeReference(job), runFoundingIn('bun', job, 'bytes')]);
  assert.match(actual.runtime, /^bun \d/);
  assert.equal(actual.backend, 'wasm-simd');
  assert.equal(actual.loss.length, RUNTIME_TEST_EPOCHS);
  assert.ok(actual.loss.at(-1)! < actual.loss[0], `the loss did not fall: ${actual.loss[0]} -> ${actual.loss.at(-1)}`);
  assertSameBits(actual, expected);
});
