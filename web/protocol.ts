// Messages between the page and its training worker.
import type { Dataset } from '../src/data/csv.js';
import type { ExperimentResults } from '../src/experiments/results.js';
import type { Settings } from './settings.js';
import type { ModelArtifacts } from '../src/io/artifacts.js';

/** What the page asks for: its settings, with the dataset loaded and the hidden widths parsed. */
export type RunRequest = Omit<Settings, 'dataset' | 'target' | 'hidden' | 'pace'> & {
  type: 'run'; dataset: Dataset; hidden: number[];
  /** Epochs per second, or null for full speed. */
  pace: number | null;
  /** Start paused after the first epoch (the Step button pressed before a run). */
  startPaused: boolean;
  /** A model every run starts from (the page's model upload); it sets the network. */
  init?: { artifacts: ModelArtifacts; label: string };
};

/** One run of the grid, in the order of the results: sets, then seeds, then folds. */
export interface RunSlot { setIndex: number; seed: number; fold: number }

export type ToPage =
  | { type: 'preparing'; what: string }
  | {
    type: 'started'; backend: string; sizes: number[]; totalParams: number; trainRows: number; heldOutRows: number;
    sets: { name: string; trainableParams: number }[]; seeds: number[]; runs: RunSlot[];
    /** The results without runs: the settings and dataset, as the verdict reads them. */
    shell: ExperimentResults;
  }
  | { type: 'epoch'; epoch: number; runs: EpochUpdate[]; trainingMs: number }
  | { type: 'paused'; epoch: number }
  | { type: 'toggled'; setIndex: number; epoch: number; train: string; trainableParams: number }
  | { type: 'done'; results: ExperimentResults; trainingMs: number; stopped: boolean; models: ModelArtifacts[] }
  | { type: 'race-progress'; round: number; rounds: number }
  | { type: 'race'; race: RaceReport }
  | { type: 'error'; message: string };

/** One run's figures for one epoch, and a fingerprint of each layer's weights after it. */
export interface EpochUpdate {
  /** The run's index in the started message's `runs`. */
  run: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  gradNorm: (number | null)[];
  weightHash: number[];
  diverged: boolean;
}

/** The WASM-vs-JavaScript race: what ran, each round's times, and their ratios. */
export interface RaceReport {
  what: string;
  wasmBackend: string;
  rounds: { wasmMs: number; jsMs: number }[];
}

export type ToWorker =
  | RunRequest
  | { type: 'toggle'; setIndex: number; train: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'pace'; pace: number | null }
  | { type: 'stop' }
  | (Omit<RunRequest, 'type'> & { type: 'race'; rounds: number });
