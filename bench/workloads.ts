// The benchmark's workloads: the founding experiment (W1), digits (W2) and an
// MNIST-sized network on generated data (W3), with their arithmetic counted in FLOPs.
import { loadBuiltinDataset } from '../src/node/datasets.js';
import { standardize } from '../src/data/standardize.js';
import { randomStream } from '../src/random.js';

export interface Workload {
  id: 'W1' | 'W2' | 'W3';
  title: string;
  /** Layer widths from inputs to outputs. */
  sizes: number[];
  hiddenActivation: 'relu';
  /** 'sigmoid' with binary cross-entropy, or 'softmax' with sparse categorical cross-entropy. */
  output: 'sigmoid' | 'softmax';
  batchSize: number;
  epochs: number;
  learningRate: number;
  /** The models one timed run trains, each from the same initial weights: 1-based trainable layers. */
  models: { name: string; trainable: number[] }[];
  samples: number;
  /** Features, samples x sizes[0], standardised. */
  x: Float32Array;
  /** Class labels. */
  y: Float32Array;
  /** Floating-point operations of one timed run (all its models), multiply and add counted apart. */
  flops: number;
}

/** FLOPs of one epoch of training: forward, kernel gradients of trainable layers, input gradients above the lowest. */
export function epochFlops(sizes: number[], trainable: number[], samples: number): number {
  const lowest = Math.min(...trainable) - 1;
  let flops = 0;
  for (let l = 0; l < sizes.length - 1; l++) {
    const product = 2 * sizes[l] * sizes[l + 1] * samples;
    flops += product;
    if (trainable.includes(l + 1)) flops += product;
    if (l > lowest) flops += product;
  }
  return flops;
}

/** The workloads with the given ids (all three by default), in W1, W2, W3 order, with their data. */
export async function loadWorkloads(ids: readonly Workload['id'][] = ['W1', 'W2', 'W3']): Promise<Workload[]> {
  const loaders: [Workload['id'], () => Promise<Workload>][] = [['W1', foundingWorkload], ['W2', digitsWorkload], ['W3', mnistSizedWorkload]];
  const chosen = loaders.filter(([id]) => ids.includes(id));
  return Promise.all(chosen.map(([, load]) => load()));
}

/** W1: the founding experiment's two models (every layer, and layer 1 only) on breast cancer. */
async function foundingWorkload(): Promise<Workload> {
  const cancer = await loadBuiltinDataset('breast-cancer');
  return finish({
    id: 'W1', title: 'founding: breast cancer 30-16-8-1, sets all and 1, batch 32, 100 epochs',
    sizes: [30, 16, 8, 1], hiddenActivation: 'relu', output: 'sigmoid', batchSize: 32, epochs: 100, learningRate: 0.001,
    models: [{ name: 'all', trainable: [1, 2, 3] }, { name: '1', trainable: [1] }],
    samples: cancer.rows, x: standardize(cancer.x, 30).apply(cancer.x), y: Float32Array.from(cancer.y),
  });
}

async function digitsWorkload(): Promise<Workload> {
  const digits = await loadBuiltinDataset('digits');
  return finish({
    id: 'W2', title: 'digits 64-128-64-10 softmax, batch 32, 50 epochs',
    sizes: [64, 128, 64, 10], hiddenActivation: 'relu', output: 'softmax', batchSize: 32, epochs: 50, learningRate: 0.001,
    models: [{ name: 'all', trainable: [1, 2, 3] }], samples: digits.rows, x: standardize(digits.x, 64).apply(digits.x), y: Float32Array.from(digits.y),
  });
}

async function mnistSizedWorkload(): Promise<Workload> {
  const random = randomStream(3, 'bench-w3');
  const samples = 8192;
  const x = new Float32Array(samples * 784);
  for (let i = 0; i < x.length; i++) x[i] = random() * 2 - 1;
  const y = Float32Array.from({ length: samples }, () => Math.floor(random() * 10));
  return finish({
    id: 'W3', title: 'MNIST-sized 784-256-128-10 softmax, 8,192 generated samples, batch 128, 2 epochs',
    sizes: [784, 256, 128, 10], hiddenActivation: 'relu', output: 'softmax', batchSize: 128, epochs: 2, learningRate: 0.001,
    models: [{ name: 'all', trainable: [1, 2, 3] }], samples, x, y,
  });
}

/** The workload reduced to one of its models (the cold figures time models one at a time). */
export function singleModel(workload: Workload, index: number): Workload {
  return finish({ ...workload, models: [workload.models[index]] });
}

function finish(w: Omit<Workload, 'flops'> & { flops?: number }): Workload {
  const flops = w.models.reduce((sum, m) => sum + w.epochs * epochFlops(w.sizes, m.trainable, w.samples), 0);
  return { ...w, flops };
}
