// Messages between the page, its coordinator (web/coordinator.ts) and the training workers.
// The coordinator deals the runs out to the workers and steps them together, one epoch at
// a time, so that a change of set applies at the same epoch in every worker.
import type { Dataset } from '../src/data/csv.js';
import type { ExperimentResults } from '../src/experiments/results.js';
import type { RunResult } from '../src/experiments/experiment.js';
import type { Settings } from './settings.js';
import type { ModelArtifacts } from '../src/io/artifacts.js';

/** What the page asks for: its settings, with the dataset loaded and the hidden widths parsed. */
export type RunRequest = Omit<Settings, 'dataset' | 'target' | 'hidden' | 'pace' | 'workers'> & {
  type: 'run'; dataset: Dataset; hidden: number[];
  /** Epochs per second, or null for full speed. */
  pace: number | null;
  /** Start paused after the first epoch (the Step button pressed before a run). */
  startPaused: boolean;
  /** Workers to spread the runs over; undefined: one per core the browser reports. */
  workers: number | undefined;
  /** A model every run starts from (the page's model upload); it sets the network. */
  init?: { artifacts: ModelArtifacts; label: string };
};

/** One run of the grid, in the order of the results: sets, then seeds, then folds. */
export interface RunSlot { setIndex: number; seed: number; fold: number }

/** What the page hears of a run and a race. */
export type ToPage =
  | { type: 'preparing'; what: string }
  | {
    type: 'started'; backend: string; sizes: number[]; totalParams: number; trainRows: number; heldOutRows: number;
    sets: { name: string; trainableParams: number }[]; seeds: number[]; runs: RunSlot[]; workers: number;
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

/** What the coordinator asks of a worker. */
export type ToWorker =
  /** Build these runs of the grid (indices into its jobs), warming up first. */
  | { type: 'prepare'; request: RunRequest; runs: number[] }
  /** Apply these changes of set, then train one more epoch of every run. */
  | { type: 'epoch'; epoch: number; toggles: { setIndex: number; train: string }[] }
  /** Send the runs' results and models, and let them go. */
  | { type: 'finish'; stopped: boolean }
  | (Omit<RunRequest, 'type'> & { type: 'race'; rounds: number });

/** What a worker answers. */
export type FromWorker =
  | { type: 'preparing'; what: string }
  | {
    type: 'ready'; backend: string; sizes: number[]; trainRows: number; heldOutRows: number; warmupMs: number;
    shell: ExperimentResults;
  }
  | { type: 'epoch'; runs: EpochUpdate[]; trainingMs: number }
  | { type: 'finished'; runs: RunResult[]; models: ModelArtifacts[] }
  | { type: 'race-progress'; round: number; rounds: number }
  | { type: 'race'; race: RaceReport }
  | { type: 'error'; message: string };
