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

/** All three workloads, with their data. */
export async function loadWorkloads(): Promise<Workload[]> {
  const cancer = await loadBuiltinDataset('breast-cancer');
  const digits = await loadBuiltinDataset('digits');
  const w1Models = [{ name: 'all', trainable: [1, 2, 3] }, { name: '1', trainable: [1] }];
  const w1 = finish({
    id: 'W1', title: 'founding: breast cancer 30-16-8-1, sets all and 1, batch 32, 100 epochs',
    sizes: [30, 16, 8, 1], hiddenActivation: 'relu', output: 'sigmoid', batchSize: 32, epochs: 100, learningRate: 0.001,
    models: w1Models, samples: cancer.rows, x: standardize(cancer.x, 30).apply(cancer.x), y: Float32Array.from(cancer.y),
  });
  const w2 = finish({
    id: 'W2', title: 'digits 64-128-64-10 softmax, batch 32, 50 epochs',
    sizes: [64, 128, 64, 10], hiddenActivation: 'relu', output: 'softmax', batchSize: 32, epochs: 50, learningRate: 0.001,
    models: [{ name: 'all', trainable: [1, 2, 3] }], samples: digits.rows, x: standardize(digits.x, 64).apply(digits.x), y: Float32Array.from(digits.y),
  });
  const random = randomStream(3, 'bench-w3');
  const samples = 8192;
  const x = new Float32Array(samples * 784);
  for (let i = 0; i < x.length; i++) x[i] = random() * 2 - 1;
  const y = Float32Array.from({ length: samples }, () => Math.floor(random() * 10));
  const w3 = finish({
    id: 'W3', title: 'MNIST-sized 784-256-128-10 softmax, 8,192 generated samples, batch 128, 2 epochs',
    sizes: [784, 256, 128, 10], hiddenActivation: 'relu', output: 'softmax', batchSize: 128, epochs: 2, learningRate: 0.001,
    models: [{ name: 'all', trainable: [1, 2, 3] }], samples, x, y,
  });
  return [w1, w2, w3];
}

function finish(w: Omit<Workload, 'flops'>): Workload {
  const flops = w.models.reduce((sum, m) => sum + w.epochs * epochFlops(w.sizes, m.trainable, w.samples), 0);
  return { ...w, flops };
}
