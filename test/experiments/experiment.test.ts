// Preparing data for an experiment: the validation split and standardisation on the training rows only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExperimentRun, prepareData, layerSizes, type ExperimentConfig } from '../../src/experiments/experiment.js';
import { parseTrainSets } from '../../src/experiments/train-sets.js';
import { heldOutDesign } from '../../src/experiments/folds.js';
import { summarize } from '../../src/experiments/summary.js';
import { comparePaired } from '../../src/experiments/paired.js';
import { createJsBackend } from '../../src/index.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';

test('the split holds out the last fraction after a seeded shuffle; statistics come from the training rows', async () => {
  const iris = await loadBuiltinDataset('iris');
  const data = prepareData(iris, 0.2, 100);
  assert.deepEqual([data.trainRows, data.validationRows], [120, 30]);
  assert.ok(new Set(data.validationY).size === 3, 'iris is sorted by class: an unshuffled split would validate on one class');
  for (let f = 0; f < 4; f++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < 120; r++) sum += data.trainX[r * 4 + f];
    for (let r = 0; r < 120; r++) squares += (data.trainX[r * 4 + f] - sum / 120) ** 2;
    assert.ok(Math.abs(sum / 120) < 1e-5 && Math.abs(squares / 120 - 1) < 1e-4, `feature ${f}`);
  }
  assert.deepEqual(prepareData(iris, 0.2, 100).validationY, data.validationY);
  assert.notDeepEqual(prepareData(iris, 0.2, 101).validationY, data.validationY);
  assert.deepEqual(layerSizes(data, [8]), [4, 8, 3]);
  const whole = prepareData(iris, 0, 100);
  assert.equal(whole.validationRows, 0);
  assert.equal(whole.trainY[0], iris.y[0], 'without a split the rows keep their order');
});

/** A 4-8-3 relu network on iris, Adam 0.01, batch 16: small enough to train in a test. */
function irisConfig(o: { epochs: number; split: number; sets: string; seed: number }): ExperimentConfig {
  return {
    hidden: [8], activation: 'relu', epochs: o.epochs, batchSize: 16, learningRate: 0.01, optimizer: 'adam', validationSplit: o.split,
    heldOut: heldOutDesign('none', o.split), sets: parseTrainSets(o.sets, 2), seeds: [o.seed],
  };
}

test('a set changed between epochs trains the new set from then on, and its result records the change once', async () => {
  const data = prepareData(await loadBuiltinDataset('iris'), 0, 1);
  const config = irisConfig({ epochs: 4, split: 0, sets: 'all,2', seed: 1 });
  const backend = createJsBackend();
  const set = (name: string) => parseTrainSets(name, 2)[0];
  const run = new ExperimentRun(data, config, set('all'), 1, backend);
  await run.step();
  run.changeSet(set('1'));
  run.changeSet(set('2')); // before the same epoch: one change, to the last set
  await run.step();
  const kernel = run.model.layers[0].getWeights()[0].slice();
  run.changeSet(set('2')); // no change at all
  await run.step();
  assert.deepEqual(run.model.layers[0].getWeights()[0], kernel, 'layer 1 trained after it was frozen');
  run.changeSet(set('all'));
  run.changeSet(set('2')); // undone before it took effect: none
  await run.step();
  assert.equal(run.result.train, '2');
  assert.equal(run.result.trainableParams, 27);
  assert.deepEqual(run.result.changes, [{ epoch: 2, from: 'all', to: '2', paramsBefore: 67, trainableParams: 27 }]);
  assert.deepEqual(run.result.gradNorm.map((norms) => norms[0] === null), [false, true, true, true]);
  run.model.dispose();

  // Two sets that end alike but trained differently stay apart in the summary and the comparison.
  const plain = new ExperimentRun(data, config, set('2'), 1, backend);
  for (let e = 0; e < 4; e++) await plain.step();
  plain.model.dispose();
  assert.deepEqual(summarize([run.result, plain.result], 4).map((s) => s.train), ['all>2:2', '2']);
  const comparison = comparePaired([run.result, plain.result], { kind: 'none', folds: 1, trainRows: data.trainRows, heldOutRows: 0 });
  assert.deepEqual([comparison.reference, comparison.comparisons[0].candidate], ['all>2:2', '2']);
});

test('a run trained to the end in one fit has the bits of one stepped an epoch at a time, and stops when asked', async () => {
  const data = prepareData(await loadBuiltinDataset('iris'), 0.2, 3);
  const config = irisConfig({ epochs: 6, split: 0.2, sets: 'all', seed: 3 });
  const backend = createJsBackend();
  const [all] = config.sets;
  const stepped = new ExperimentRun(data, config, all, 3, backend);
  while (!stepped.finished) await stepped.step();
  const whole = new ExperimentRun(data, config, all, 3, backend);
  let asked = 0;
  await whole.trainToEnd(() => { asked++; return false; });
  assert.equal(asked, 6);
  const figures = (run: ExperimentRun) => { const { ms, ...rest } = run.result; void ms; return rest; };
  assert.deepEqual(figures(whole), figures(stepped));
  assert.deepEqual(whole.model.getWeights(), stepped.model.getWeights());
  const stopped = new ExperimentRun(data, config, all, 3, backend);
  await stopped.trainToEnd(async () => stopped.result.loss.length === 2);
  assert.deepEqual(stopped.result.loss, stepped.result.loss.slice(0, 2));
  assert.equal(stopped.finished, false);
  for (const run of [stepped, whole, stopped]) run.model.dispose();
});
