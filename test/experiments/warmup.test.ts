// The warm-up (the page's: the CLI compiles its kernels optimised up front instead) trains
// every set, changes no result, and is sized by work. Never asserted on milliseconds, so a
// slow or busy machine cannot make these tests fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareData, runOne, type ExperimentConfig } from '../../src/experiments/experiment.js';
import { heldOutDesign } from '../../src/experiments/folds.js';
import type { Dataset } from '../../src/data/csv.js';
import { parseTrainSets } from '../../src/experiments/train-sets.js';
import { warmUp, warmUpPlan } from '../../src/experiments/warmup.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';
import { loadBackend } from '../../src/node/backends.js';

async function setup(train: string, seeds = [100]): Promise<{ dataset: Dataset; data: Awaited<ReturnType<typeof prepareData>>; config: ExperimentConfig }> {
  const dataset = await loadBuiltinDataset('iris');
  const data = prepareData(dataset, 0.2, 100);
  const config: ExperimentConfig = {
    hidden: [6], activation: 'relu', epochs: 4, batchSize: 16, learningRate: 0.01, optimizer: 'adam', validationSplit: 0.2,
    heldOut: heldOutDesign(5, 0.2), sets: parseTrainSets(train, 2), seeds,
  };
  return { dataset, data, config };
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
