// An experiment: one network trained under several trainable sets and seeds.
// For a given seed every set starts from the same weights and sees the same
// shuffles, so the runs differ only in what trains.
import { Sequential, type EpochLogs } from '../model.js';
import { dense } from '../layer.js';
import type { Activation } from '../config.js';
import type { Dataset } from '../data/csv.js';
import type { Backend } from '../backends/backend.js';
import type { SetChange, TrainSet } from './train-sets.js';
import { foldCount, prepareSplit, type HeldOutDesign } from './folds.js';
import type { Shift } from './shifts.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import { readTopology } from '../io/topology.js';
import { plural } from '../units.js';
import { EXPERIMENT_LIMITS, checkGrid } from './limits.js';

export interface ExperimentConfig {
  hidden: number[];
  /** Hidden layers' activation (softmax is for outputs only). */
  activation: Exclude<Activation, 'softmax'>;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  validationSplit: number;
  /** How rows are held out: stratified folds, one split per seed, or none. */
  heldOut: HeldOutDesign;
  sets: TrainSet[];
  seeds: number[];
  /** A saved model every run starts from (its weights; fine-tuned with this config's optimiser), instead of fresh weights. */
  init?: ModelArtifacts;
  /** Whether each run's result carries its final model (for --save). */
  keepModels?: boolean;
  /** The fine-tuning scenario: a network trained on the source rows first, then the data shifted. */
  transfer?: TransferConfig;
}

/**
 * Pretraining (all layers, on each fold's unshifted training rows, or on every source row
 * when there is target data), the shift, the share of training rows fine-tuned on, and a
 * second dataset with the source's columns to fine-tune and judge on (the experiment's
 * dataset is then the source, pretrained on).
 */
export interface TransferConfig { pretrainEpochs?: number; shift?: Shift; targetFraction?: number; target?: Dataset; sourceName?: string }

/** A dataset split and standardised for training: plain arrays, so it can be sent to a worker. */
export interface PreparedData {
  name: string;
  samples: number;
  features: number;
  classNames: string[];
  trainRows: number;
  validationRows: number;
  trainX: Float32Array;
  trainY: Float32Array;
  validationX: Float32Array;
  validationY: Float32Array;
}

/** One run's record, as the JSON output holds it. */
export interface RunResult {
  /** The trainable set, as it was at the end of the run. */
  train: string;
  seed: number;
  /** The held-out fold, 1-based (1 for a single split or none). */
  fold: number;
  trainableParams: number;
  loss: number[];
  accuracy: number[];
  valLoss?: number[];
  valAccuracy?: number[];
  /** Per epoch, per layer: mean gradient L2 norm over the epoch's steps; null for a frozen layer. */
  gradNorm: (number | null)[][];
  /** Wall time of this run's training, in milliseconds. */
  ms: number;
  /** The 1-based epoch whose loss was NaN or infinite, when training stopped there. */
  divergedAt?: number;
  /** The trained model, when the experiment keeps models. */
  model?: ModelArtifacts;
  /** Set when the run was stopped (Ctrl-C in the CLI) before its last epoch: its curves hold the epochs done. */
  interrupted?: true;
  /** The set's changes mid-run (the page's checkboxes), in order; absent when it never changed. */
  changes?: SetChange[];
}

/** One held-out split (or none) of a dataset, standardised with the training rows' statistics. */
export function prepareData(data: Dataset, validationSplit: number, seed: number): PreparedData {
  return prepareSplit(data, validationSplit, seed);
}

/**
 * Checks that a saved model fits the data (inputs, and an output for its classes) and
 * returns its hidden layers' widths and activations, for the experiment's settings.
 */
export function initModelShape(init: ModelArtifacts, data: PreparedData): { hidden: number[]; activations: Activation[] } {
  const topology = readTopology(init.modelTopology);
  if (topology.inputSize !== data.features) {
    throw new RangeError(`the model takes ${topology.inputSize} inputs, but ${data.name} has ${plural(data.features, 'feature')}`);
  }
  const classes = data.classNames.length;
  const output = topology.layers[topology.layers.length - 1];
  const wanted = classes === 2 ? plural(1, 'sigmoid unit') : plural(classes, 'softmax unit');
  if (classes === 2 ? output.units !== 1 || output.activation !== 'sigmoid' : output.units !== classes || output.activation !== 'softmax') {
    throw new RangeError(`the model's output layer has ${plural(output.units, `${output.activation} unit`)}, but ${data.name}'s ${classes} classes need ${wanted}`);
  }
  const hiddenLayers = topology.layers.slice(0, -1);
  return { hidden: hiddenLayers.map((layer) => layer.units), activations: hiddenLayers.map((layer) => layer.activation) };
}

/** Hidden layer widths from "16,8" ("" or "none": no hidden layer); `label`, when given, names the setting in errors. */
export function parseHidden(text: string, label?: string): number[] {
  if (text.trim() === '' || text.trim() === 'none') return [];
  return text.split(',').map((part) => {
    const units = Number(part.trim());
    if (!Number.isInteger(units) || units < 1) throw new RangeError(`${label ? `${label}: ` : ''}'${part.trim()}' is not a layer width (a whole number of at least 1)`);
    return units;
  });
}

/** Layer widths from inputs to outputs: one sigmoid output for two classes, one softmax unit per class beyond. */
export function layerSizes(data: PreparedData, hidden: number[]): number[] {
  const classes = data.classNames.length;
  return [data.features, ...hidden, classes === 2 ? 1 : classes];
}

/**
 * One network under one trainable set and seed, trained an epoch at a time, so a caller
 * can stream epochs and change what trains between them (from the next epoch on).
 */
export class ExperimentRun {
  readonly model: Sequential;
  readonly result: RunResult;
  private epoch = 0;

  constructor(
    private readonly data: PreparedData, private readonly config: ExperimentConfig, set: TrainSet, seed: number, backend: Backend,
    fold = 1, init: ModelArtifacts | undefined = config.init,
  ) {
    const sizes = layerSizes(data, config.hidden);
    const binary = data.classNames.length === 2;
    this.model = init
      ? Sequential.fromArtifacts(init, { backend, seed })
      : new Sequential({
        inputSize: data.features,
        backend,
        seed,
        layers: [...config.hidden.map((units) => dense(units, config.activation)), dense(sizes[sizes.length - 1], binary ? 'sigmoid' : 'softmax')],
      });
    this.applySet(set);
    this.model.compile({
      optimizer: { type: config.optimizer, learningRate: config.learningRate },
      loss: binary ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    this.result = { train: set.name, seed, fold, trainableParams: this.model.countTrainableParams(), loss: [], accuracy: [], gradNorm: [], ms: 0 };
    if (data.validationRows > 0) {
      this.result.valLoss = [];
      this.result.valAccuracy = [];
    }
  }

  /** Whether every epoch has run, or the loss diverged. */
  get finished(): boolean {
    return this.epoch >= this.config.epochs || this.result.divergedAt !== undefined;
  }

  /** Sets which layers (or which of their kernels and biases) train from the next epoch on. */
  applySet(set: TrainSet): void {
    set.parts.forEach((part, l) => {
      const layer = this.model.layers[l];
      layer.trainable = part.kernel || part.bias;
      if (part.kernel !== part.bias) layer.setTrainableMask({ kernel: part.kernel ? 1 : 0, bias: part.bias ? 1 : 0 });
      else layer.setTrainableMask({});
    });
  }

  /** Changes what trains from the next epoch on, and records the change in the result. */
  changeSet(set: TrainSet): void {
    if (set.name === this.result.train) return;
    this.applySet(set);
    const trainableParams = this.model.countTrainableParams();
    const changes = (this.result.changes ??= []);
    // Several changes before one epoch are one change; one that undoes another is none.
    const last = changes[changes.length - 1];
    if (last?.epoch === this.epoch + 1) changes.pop();
    const [from, paramsBefore] = last?.epoch === this.epoch + 1 ? [last.from, last.paramsBefore] : [this.result.train, this.result.trainableParams];
    if (from !== set.name) changes.push({ epoch: this.epoch + 1, from, to: set.name, paramsBefore, trainableParams });
    if (changes.length === 0) delete this.result.changes;
    this.result.train = set.name;
    this.result.trainableParams = trainableParams;
  }

  /** Trains one more epoch and records it; a NaN or infinite loss ends the run there. */
  async step(): Promise<void> {
    if (this.finished) return;
    const started = performance.now();
    await this.model.fit(this.data.trainX, this.data.trainY, {
      ...this.fitOptions(), epochs: 1, onEpochEnd: (_, logs, norms) => this.record(logs, norms),
    });
    this.result.ms += performance.now() - started;
  }

  /**
   * Trains every remaining epoch in one fit, which stages and checks the rows once rather
   * than once an epoch as `step` does; the same bits as stepping to the end. `afterEpoch`
   * runs after each epoch (its time is not the run's) and ends the training by returning true.
   */
  async trainToEnd(afterEpoch?: () => boolean | Promise<boolean>): Promise<void> {
    if (this.finished) return;
    let outside = 0;
    const started = performance.now();
    await this.model.fit(this.data.trainX, this.data.trainY, {
      ...this.fitOptions(),
      epochs: this.config.epochs - this.epoch,
      onEpochEnd: (_, logs, norms) => {
        this.record(logs, norms);
        if (this.result.divergedAt !== undefined) this.model.stopTraining = true;
        else if (afterEpoch) return this.ask(afterEpoch).then((ms) => { outside += ms; });
        return undefined;
      },
    });
    this.result.ms += performance.now() - started - outside;
  }

  private fitOptions(): { batchSize: number; validationData?: readonly [Float32Array, Float32Array] } {
    return {
      batchSize: this.config.batchSize,
      validationData: this.data.validationRows > 0 ? [this.data.validationX, this.data.validationY] : undefined,
    };
  }

  // Runs the caller's check between two epochs; resolves to the milliseconds it took.
  private async ask(afterEpoch: () => boolean | Promise<boolean>): Promise<number> {
    const asked = performance.now();
    if (await afterEpoch()) this.model.stopTraining = true;
    return performance.now() - asked;
  }

  // One epoch's figures into the result; a NaN or infinite loss ends the run there.
  private record(logs: EpochLogs, norms: readonly (number | null)[]): void {
    this.epoch++;
    this.result.loss.push(logs.loss);
    this.result.accuracy.push(logs.accuracy ?? NaN);
    this.result.valLoss?.push(logs.val_loss ?? NaN);
    this.result.valAccuracy?.push(logs.val_accuracy ?? NaN);
    this.result.gradNorm.push([...norms]);
    if (!Number.isFinite(logs.loss)) this.result.divergedAt = this.epoch;
  }
}

/** Trains one network under one trainable set, seed and fold, every epoch. */
export async function runOne(
  data: PreparedData, config: ExperimentConfig, set: TrainSet, seed: number, backend: Backend, fold = 1, init: ModelArtifacts | undefined = config.init,
): Promise<RunResult> {
  const run = new ExperimentRun(data, config, set, seed, backend, fold, init);
  await run.trainToEnd();
  if (config.keepModels) run.result.model = run.model.toArtifacts();
  run.model.dispose();
  return run.result;
}

/** One run of an experiment's grid. */
export interface ExperimentJob { setIndex: number; seed: number; fold: number }

/** Every (set, seed, fold) of an experiment, sets outermost, then seeds, then folds: the order results are reported in. */
export function experimentJobs(config: ExperimentConfig): ExperimentJob[] {
  const grid = { sets: config.sets.length, seeds: config.seeds.length, folds: foldCount(config.heldOut) };
  if (grid.sets * grid.seeds * grid.folds > EXPERIMENT_LIMITS.maxGridRuns) checkGrid(grid, 0, 0);
  const folds = Array.from({ length: foldCount(config.heldOut) }, (_, i) => i + 1);
  return config.sets.flatMap((_, setIndex) => config.seeds.flatMap((seed) => folds.map((fold) => ({ setIndex, seed, fold }))));
}
