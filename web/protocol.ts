// Messages between the page and its training worker.
import type { Dataset } from '../src/data/csv.js';
import type { ExperimentResults } from '../src/experiments/results.js';

/** What the page asks for: the experiment's settings, in the CLI's terms. */
export interface RunRequest {
  type: 'run';
  dataset: Dataset;
  hidden: number[];
  activation: 'relu' | 'sigmoid' | 'tanh' | 'linear';
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  validationSplit: number;
  seed: number;
  seeds: number;
  backend: 'wasm' | 'wasm-simd' | 'js';
  /** Trainable sets in the CLI's notation ('all', '1', '2+3'). */
  train: string[];
}

export type ToPage =
  | { type: 'started'; backend: string; sizes: number[]; totalParams: number; trainRows: number; sets: { name: string; trainableParams: number }[]; seeds: number[] }
  | { type: 'epoch'; epoch: number; runs: EpochUpdate[]; elapsedMs: number }
  | { type: 'toggled'; setIndex: number; epoch: number; train: string }
  | { type: 'done'; results: ExperimentResults; elapsedMs: number; stopped: boolean }
  | { type: 'race'; wasmBackend: string; wasmMs: number; jsMs: number }
  | { type: 'error'; message: string };

/** One run's figures for one epoch, and a fingerprint of each layer's weights after it. */
export interface EpochUpdate {
  setIndex: number;
  seed: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  gradNorm: (number | null)[];
  weightHash: number[];
  trainableParams: number;
  diverged: boolean;
}

export type ToWorker =
  | RunRequest
  | { type: 'toggle'; setIndex: number; train: string }
  | { type: 'stop' }
  | (Omit<RunRequest, 'type'> & { type: 'race' });
