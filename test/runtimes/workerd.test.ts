// workerd (the `workerd` devDependency's binary) serving a Worker whose modules are the
// bundle and the plain-SIMD kernels (imported as a WebAssembly.Module, as Workers must):
// a real HTTP POST of the founding job on 127.0.0.1, answered with the same bits as Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runtimeBinary } from './binaries.js';
import { serveWorker } from './children.js';
import { assertSameBits, foundingJob, nodeReference, RUNTIME_TEST_EPOCHS } from './founding-job.js';
import type { FoundingResult } from './founding-run.js';

const CONFIG = fileURLToPath(new URL('../../../test/runtimes/founding-worker.capnp', import.meta.url));

test('workerd trains the founding network in a Worker through wasmlp/bundle to the same bits as Node', { timeout: 120_000 }, async () => {
  const job = await foundingJob();
  const expected = await nodeReference(job);
  const worker = await serveWorker(runtimeBinary('workerd'), CONFIG, { timeoutMs: 30_000 });
  try {
    const response = await fetch(worker.url, { method: 'POST', body: JSON.stringify(job), signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    assert.equal(response.status, 200, `the Worker answered ${response.status}: ${text} ${worker.stderr()}`);
    const actual = JSON.parse(text) as FoundingResult;
    assert.equal(actual.runtime, 'workerd');
    assert.equal(actual.backend, 'wasm-simd');
    assert.equal(actual.loss.length, RUNTIME_TEST_EPOCHS);
    assert.ok(actual.loss.at(-1)! < actual.loss[0], `the loss did not fall: ${actual.loss[0]} -> ${actual.loss.at(-1)}`);
    assertSameBits(actual, expected);
    const refused = await fetch(worker.url, { signal: AbortSignal.timeout(10_000) });
    assert.equal(refused.status, 405, 'a GET is refused: the Worker really answers requests');
  } finally {
    await worker.stop();
  }
  assert.ok(worker.child.exitCode !== null || worker.child.signalCode !== null, 'workerd was stopped');
});
