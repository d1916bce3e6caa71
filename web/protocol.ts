// Messages between the page and its training worker.
import type { Dataset } from '../src/data/csv.js';
import type { ExperimentResults } from '../src/experiments/results.js';
import type { Settings } from './settings.js';
import type { ModelArtifacts } from '../src/io/artifacts.js';

/** What the page asks for: its settings, with the dataset loaded and the hidden widths parsed. */
export type RunRequest = Omit<Settings, 'dataset' | 'target' | 'hidden'> & {
  type: 'run'; dataset: Dataset; hidden: number[];
  /** A model every run starts from (the page's model upload); it sets the network. */
  init?: ModelArtifacts;
};

export type ToPage =
  | { type: 'started'; backend: string; sizes: number[]; totalParams: number; trainRows: number; sets: { name: string; trainableParams: number }[]; seeds: number[] }
  | { type: 'epoch'; epoch: number; runs: EpochUpdate[]; elapsedMs: number }
  | { type: 'toggled'; setIndex: number; epoch: number; train: string }
  | { type: 'done'; results: ExperimentResults; elapsedMs: number; stopped: boolean; models: ModelArtifacts[] }
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
