// The CLI's pool of threads: errors keep their kind (bad input stays exit status 2), runs come
// back in job order with the bits of a serial run, and the kernels are compiled once,
// optimised, for every thread. (A thread that fails: test/cli/outputs.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TrainingThreads, runExperiment, workerError } from '../../src/cli/pool.js';
import { experimentJobs, type ExperimentConfig, type RunResult } from '../../src/experiments/experiment.js';
import { heldOutDesign } from '../../src/experiments/folds.js';
import { parseTrainSets } from '../../src/experiments/train-sets.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';
import { loadKernels } from '../../src/node/backends.js';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));

function config(): ExperimentConfig {
  return {
    hidden: [6], activation: 'relu', epochs: 6, batchSize: 16, learningRate: 0.01, optimizer: 'adam', validationSplit: 0,
    heldOut: heldOutDesign(3, 0), sets: parseTrainSets('all,1,bias', 2), seeds: [100, 101],
  };
}

const withoutTime = (runs: RunResult[]) => runs.map(({ ms: _ms, ...rest }) => rest);

test('a worker\'s RangeError or DataError is a RangeError in the parent; anything else an Error', () => {
  assert.ok(workerError('too big', 'RangeError') instanceof RangeError);
  assert.ok(workerError('data.csv:3: bad', 'DataError') instanceof RangeError);
  assert.equal(workerError('data.csv:3: bad', 'DataError').message, 'data.csv:3: bad');
  const other = workerError('boom', 'Error');
  assert.ok(!(other instanceof RangeError));
  assert.ok(!(workerError('boom', undefined) instanceof RangeError));
});

test('on threads started ahead of the work, runs come back in job order, the bits of a serial run', async () => {
  const dataset = await loadBuiltinDataset('iris');
  const kernels = await loadKernels('wasm-simd');
  const jobs = experimentJobs(config());
  const serial = await runExperiment(dataset, config(), kernels, 1);
  const done: number[] = [];
  const threads = new TrainingThreads(2);
  const parallel = await runExperiment(dataset, config(), kernels, 3, (_, count) => done.push(count), jobs, { threads });
  assert.equal(parallel.length, 3 * 2 * 3);
  assert.deepEqual(withoutTime(parallel), withoutTime(serial));
  assert.deepEqual(done, jobs.map((_, i) => i + 1));
  // more threads than runs: the idle one is given nothing and the pool still ends
  const two = await runExperiment(dataset, config(), kernels, 3, undefined, jobs.slice(0, 2), { threads: new TrainingThreads(2) });
  assert.deepEqual(withoutTime(two), withoutTime(serial.slice(0, 2)));
});

test('the command compiles its kernels once, every function optimised (no baseline code), for all its threads', () => {
  for (const workers of ['1', '2']) {
    const result = spawnSync(process.execPath, ['--trace-wasm-compilation-times', BIN, 'experiment', '--dataset', 'iris', '--epochs', '2', '--seeds', '2', '--workers', workers], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(result.status, 0, result.stderr);
    const compiled = [...result.stdout.matchAll(/^Compiled function \S+#(\d+) using (\w+)/gm)].map((match) => ({ index: Number(match[1]), tier: match[2] }));
    assert.ok(compiled.length >= 10, `${workers} thread(s): ${compiled.length} functions compiled`);
    assert.deepEqual([...new Set(compiled.map((c) => c.tier))], ['TurboFan'], `${workers} thread(s)`);
    const indices = compiled.map((c) => c.index);
    assert.equal(new Set(indices).size, indices.length, `${workers} thread(s): a function compiled twice`);
  }
});
