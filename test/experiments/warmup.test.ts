// The warm-up: every thread trains every set before any run is timed, whatever the sets'
// order, and it changes no result. Asserted on the order of events, never on milliseconds,
// so a slow or busy machine cannot make these tests fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareData, runOne, type ExperimentConfig } from '../../src/experiments/experiment.js';
import { heldOutDesign } from '../../src/experiments/folds.js';
import type { Dataset } from '../../src/data/csv.js';
import { parseTrainSets } from '../../src/experiments/train-sets.js';
import { warmUp, warmUpPlan } from '../../src/experiments/warmup.js';
import { runExperiment } from '../../src/cli/pool.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';
import { loadBackend } from '../../src/node/backends.js';
import type { WarmUp } from '../../src/experiments/warmup.js';

async function setup(train: string, seeds = [100]): Promise<{ dataset: Dataset; data: Awaited<ReturnType<typeof prepareData>>; config: ExperimentConfig }> {
  const dataset = await loadBuiltinDataset('iris');
  const data = prepareData(dataset, 0.2, 100);
  const config: ExperimentConfig = {
    hidden: [6], activation: 'relu', epochs: 4, batchSize: 16, learningRate: 0.01, optimizer: 'adam', validationSplit: 0.2,
    heldOut: heldOutDesign(5, 0.2), sets: parseTrainSets(train, 2), seeds,
  };
  return { dataset, data, config };
}

/** Runs an experiment and records, per thread, what happened in order: its warm-up, then the runs it was given. */
async function eventsOf(train: string, workers: number): Promise<{ log: { thread: number; what: string }[]; warmUps: WarmUp[]; names: string[] }> {
  const { dataset, config } = await setup(train, [100, 101]);
  const log: { thread: number; what: string }[] = [];
  const warmUps: WarmUp[] = [];
  const runs = await runExperiment(dataset, config, 'wasm-simd', workers, () => {}, undefined, {
    onWarmUp: (thread, warm) => { log.push({ thread, what: 'warm-up' }); warmUps.push(warm); },
    onRunStart: (thread, index) => log.push({ thread, what: `run ${index}` }),
  });
  return { log, warmUps, names: runs.map((run) => run.train) };
}

for (const workers of [1, 2]) {
  test(`${workers === 1 ? 'in one thread' : 'on worker threads'}: each thread warms up on every set before it starts a timed run, in either order of the sets`, async () => {
    for (const train of ['all,1', '1,all']) {
      const { log, warmUps, names } = await eventsOf(train, workers);
      // Which thread takes which run depends on timing; that each one's warm-up comes first does not.
      const threads = [...new Set(log.filter((event) => event.what.startsWith('run')).map((event) => event.thread))];
      assert.ok(threads.length >= 1 && threads.every((thread) => thread < workers), `${train}: threads that ran: ${threads.join(', ')}`);
      for (const thread of threads) {
        const own = log.filter((event) => event.thread === thread);
        assert.equal(own[0].what, 'warm-up', `${train}, thread ${thread}: ${own.map((event) => event.what).join(', ')}`);
        assert.equal(own.filter((event) => event.what === 'warm-up').length, 1);
      }
      assert.equal(log.filter((event) => event.what.startsWith('run')).length, 4);
      // The warm-up trains every set, so the first set timed carries no more of it than the others.
      for (const warm of warmUps) {
        assert.deepEqual([...warm.sets].sort(), ['1', 'all'], train);
        assert.ok(warm.ms >= 0 && warm.epochs >= 1 && warm.rows >= 1);
      }
      assert.deepEqual(names, train === 'all,1' ? ['all', 'all', '1', '1'] : ['1', '1', 'all', 'all']);
    }
  });
}

test('the warm-up changes no result: runs after it are the bits of runs without it', async () => {
  const { data, config } = await setup('all,1');
  const cold = await loadBackend('wasm-simd');
  const before = [];
  for (const set of config.sets) before.push(await runOne(data, config, set, 100, cold));
  const warm = await loadBackend('wasm-simd');
  await warmUp(data, config, warm);
  for (const [i, set] of config.sets.entries()) {
    const after = await runOne(data, config, set, 100, warm);
    assert.deepEqual(after.loss, before[i].loss, set.name);
    assert.deepEqual(after.valLoss, before[i].valLoss, set.name);
    assert.deepEqual(after.gradNorm, before[i].gradNorm, set.name);
  }
});

test('the warm-up is sized by work: fewer epochs for a bigger network or more rows, a slice of large data', async () => {
  const { data, config } = await setup('all');
  const small = warmUpPlan(data, config, 51);
  const large = warmUpPlan(data, config, 5100);
  assert.ok(small.epochs > large.epochs, `${small.epochs} vs ${large.epochs}`);
  assert.equal(small.rows, data.trainRows);
  const big = { ...data, trainRows: 100_000 };
  assert.equal(warmUpPlan(big, config, 51).rows, 256);
  assert.equal(warmUpPlan(big, { ...config, batchSize: 1000 }, 51).rows, 2000);
  assert.equal(warmUpPlan(big, config, 1e9).epochs, 1);
});
