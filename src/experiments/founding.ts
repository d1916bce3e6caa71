// The founding experiment: does training only the first layer get as far as
// training all of them? Same data, same initial weights, same shuffles; only what trains differs.
import { Sequential } from '../model.js';
import { dense } from '../layer.js';
import { adam } from '../config.js';
import { standardize } from '../data/standardize.js';
import type { Dataset } from '../data/csv.js';
import type { Backend } from '../backends/backend.js';

export interface FoundingOptions { epochs?: number; seed?: number; batchSize?: number; learningRate?: number }

/** One trainable set's run: which layers trained (1-based) and its per-epoch history. */
export interface FoundingRun {
  train: string; trainableLayers: number[]; trainableParams: number; totalParams: number; loss: number[]; accuracy: number[];
}

/** Trains 30-16-8-1 (relu, relu, sigmoid) twice from the same weights: all layers trainable, then only layer 1. */
export async function runFoundingExperiment(data: Dataset, backend: Backend, options: FoundingOptions = {}): Promise<FoundingRun[]> {
  if (data.classNames.length !== 2) throw new RangeError(`the founding experiment needs two classes, ${data.name} has ${data.classNames.length}`);
  const x = standardize(data.x, data.features).apply(data.x);
  const sets = [{ train: 'all', layers: [1, 2, 3] }, { train: '1', layers: [1] }];
  const runs: FoundingRun[] = [];
  for (const set of sets) {
    const model = new Sequential({
      inputSize: data.features,
      layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')],
      backend,
      seed: options.seed ?? 100,
    });
    model.layers.forEach((layer) => { layer.trainable = set.layers.includes(layer.index + 1); });
    model.compile({ optimizer: adam({ learningRate: options.learningRate ?? 0.001 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const trainableParams = model.countTrainableParams();
    const history = await model.fit(x, data.y, { batchSize: options.batchSize ?? 32, epochs: options.epochs ?? 100 });
    runs.push({
      train: set.train, trainableLayers: set.layers, trainableParams, totalParams: model.countParams(),
      loss: history.history.loss, accuracy: history.history.accuracy ?? [],
    });
  }
  return runs;
}
