// Node's side of the runtime tests: the founding job, prepared by the experiment's own code
// (the built-in breast cancer data through prepareData, the founding settings), and Node's
// reference run of it on the core with the plain-SIMD build.
import { prepareData } from '../../src/experiments/experiment.js';
import { FOUNDING_SETTINGS, experimentConfig } from '../../src/experiments/settings.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';
import { loadBackend } from '../../src/node/backends.js';
import * as core from '../../src/index.js';
import { toHex, trainFounding, type FoundingJob, type FoundingResult } from './founding-run.js';

/** The runtime tests train the founding network for 20 epochs (the experiment runs 100). */
export const RUNTIME_TEST_EPOCHS = 20;

/** The founding network on the breast cancer data, standardised as `wasmlp experiment` does. */
export async function foundingJob(epochs = RUNTIME_TEST_EPOCHS): Promise<FoundingJob> {
  const FOUNDING_CONFIG = experimentConfig(FOUNDING_SETTINGS);
  const seed = FOUNDING_CONFIG.seeds[0];
  const data = prepareData(await loadBuiltinDataset('breast-cancer'), FOUNDING_CONFIG.validationSplit, seed);
  return {
    hidden: FOUNDING_CONFIG.hidden,
    activation: FOUNDING_CONFIG.activation,
    learningRate: FOUNDING_CONFIG.learningRate,
    batchSize: FOUNDING_CONFIG.batchSize,
    epochs,
    seed,
    features: data.features,
    x: toHex(data.trainX),
    y: toHex(data.trainY),
  };
}

/** Node's run of the job on the core (not the bundle) with the plain-SIMD build: what every runtime must match. */
export async function nodeReference(job: FoundingJob): Promise<FoundingResult> {
  return trainFounding(core, await loadBackend('wasm-simd'), job, `node ${process.versions.node}`);
}

/** Fails, naming the first differing epoch or weight array, unless a run matches Node's bit for bit. */
export function assertSameBits(actual: FoundingResult, expected: FoundingResult): void {
  const where = `${actual.runtime} (${actual.backend}) against ${expected.runtime} (${expected.backend})`;
  if (actual.loss.length !== expected.loss.length) throw new Error(`${where}: ${actual.loss.length} epochs of loss, expected ${expected.loss.length}`);
  if (actual.lossBits !== expected.lossBits) {
    const epoch = actual.loss.findIndex((loss, i) => !Object.is(loss, expected.loss[i]));
    throw new Error(`${where}: the loss histories differ from epoch ${epoch + 1}: ${actual.loss[epoch]} instead of ${expected.loss[epoch]}`);
  }
  if (actual.weightBits.length !== expected.weightBits.length) throw new Error(`${where}: ${actual.weightBits.length} weight arrays, expected ${expected.weightBits.length}`);
  actual.weightBits.forEach((bits, i) => {
    if (bits !== expected.weightBits[i]) throw new Error(`${where}: final weight array ${i} (layer ${Math.floor(i / 2) + 1} ${i % 2 ? 'bias' : 'kernel'}) differs`);
  });
}
