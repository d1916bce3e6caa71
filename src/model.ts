// A sequential model of dense layers, shaped like Keras's: compile, fit,
// evaluate, predict, getWeights and setWeights, with layers and single
// parameters frozen at will. All numbers live in the backend's arena.
import {
  H_LOSS, H_METRIC, H_OPTIMIZER, H_STEP, H_LR, H_BETA1, H_BETA2, H_EPSILON, H_MOMENTUM, H_NESTEROV,
  H_ONE_MINUS_BETA1, H_ONE_MINUS_BETA2, H_OUT_LOSS, H_OUT_METRIC, L_GRAD_NORM, LOSS_SCCE, LOSS_BCE, METRIC_NONE,
} from './descriptor.js';
import { Arena, checkArenaBytes, fixedArenaBytes, type Slot, type Staging } from './arena.js';
import { DenseLayer, type DenseSpec } from './layer.js';
import {
  ACTIVATIONS, ownValue, resolveLoss, resolveMetric, resolveOptimizer, type LossName, type OptimizerSpec, type ResolvedOptimizer,
} from './config.js';
import { glorotUniform, randomStream, resumableStream, shuffledOrder, type ResumableRandom, type StreamState } from './random.js';
import { modelFromArtifacts, modelToArtifacts, type ModelArtifacts } from './io/artifacts.js';
import { copyRows, rowCount, type Matrix } from './tensors.js';
import type { Backend } from './backends/backend.js';
import { plural } from './units.js';

export interface ModelOptions {
  /** Features per sample. */
  inputSize: number;
  layers: readonly DenseSpec[];
  backend: Backend;
  /** Seeds the initial weights and the shuffles; the same seed gives the same bits. Default 0. */
  seed?: number;
}

export interface CompileOptions {
  optimizer?: OptimizerSpec;
  loss: LossName;
  metrics?: readonly string[];
}

/** What one epoch reports, under Keras's names. */
export interface EpochLogs { loss: number; accuracy?: number; val_loss?: number; val_accuracy?: number }

export interface FitOptions {
  batchSize?: number;
  epochs?: number;
  /** A fresh permutation of the training samples every epoch (default true). */
  shuffle?: boolean;
  /** Fraction of samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** Samples to validate on after each epoch, instead of a split. */
  validationData?: readonly [Matrix, Matrix];
  /** Called after every epoch; a returned promise is awaited before the next one. */
  onEpochEnd?: (epoch: number, logs: EpochLogs, gradNorm: readonly (number | null)[]) => void | Promise<void>;
}

export interface History {
  epoch: number[];
  history: { loss: number[]; accuracy?: number[]; val_loss?: number[]; val_accuracy?: number[] };
  /** Per epoch, per layer: the mean over steps of the layer's gradient L2 norm; null where the layer was frozen. */
  gradNorm: (number | null)[][];
}

/** compile's settings with every default filled in, as toArtifacts saves them. */
export interface CompileConfig { loss: LossName; metrics: string[]; optimizer: Omit<ResolvedOptimizer, 'code'> & { code: number } }

interface CompiledState { loss: number; metric: number; lossName: LossName; metrics: string[]; optimizer: ResolvedOptimizer }

export class Sequential {
  readonly layers: readonly DenseLayer[];
  readonly seed: number;
  readonly backendName: string;
  /** Set to true (say, from onEpochEnd) to end fit after the current epoch, as in Keras. */
  stopTraining = false;
  /** Whether a fit is running (as TF.js's isTraining); another fit, compile or trainOnBatch is refused meanwhile. */
  get isTraining(): boolean { return this.training; }
  private training = false;
  private readonly arena: Arena;
  private readonly backend: Backend;
  private shuffleRandom: ResumableRandom;
  private compiled: CompiledState | null = null;

  constructor(options: ModelOptions) {
    const { inputSize, layers, backend } = options;
    this.seed = options.seed ?? 0;
    checkCount('inputSize', inputSize);
    if (layers.length === 0) throw new RangeError('a model needs at least one layer');
    const shapes = layers.map((spec, l) => {
      checkCount(`layer ${l + 1} units`, spec.units);
      const activation = ownValue(ACTIVATIONS, spec.activation);
      if (activation === undefined) throw new RangeError(`layer ${l + 1}: unknown activation '${String(spec.activation)}'`);
      if (spec.activation === 'softmax' && l !== layers.length - 1) throw new RangeError(`layer ${l + 1}: softmax is for the output layer only`);
      return { inputs: l === 0 ? inputSize : layers[l - 1].units, units: spec.units, activation };
    });
    const names = layers.map((spec, l) => spec.name ?? `dense_${l + 1}`);
    names.forEach((name, l) => {
      if (typeof name !== 'string' || name === '') throw new RangeError(`layer ${l + 1}: a name must be a non-empty string`);
      if (names.indexOf(name) !== l) throw new RangeError(`layers ${names.indexOf(name) + 1} and ${l + 1} are both named '${name}'`);
    });
    this.backendName = backend.name;
    this.backend = backend;
    // Refused before an engine is taken: the kernels' own data fill wasm memory's first page.
    checkArenaBytes(fixedArenaBytes(65536, shapes), `a model of ${[inputSize, ...shapes.map((s) => s.units)].join('-')} units`);
    this.arena = new Arena(backend.createEngine(), inputSize, shapes);
    this.layers = shapes.map((shape, l) => new DenseLayer(this.arena, l, shape.inputs, shape.units, layers[l].activation, names[l]));
    this.layers.forEach((layer, l) => { layer.trainable = layers[l].trainable ?? true; });
    const init = randomStream(this.seed, 'init');
    const f32 = this.arena.f32();
    for (const layer of this.layers) {
      const start = layer.paramIndex(this.arena.params);
      glorotUniform(f32.subarray(start, start + layer.inputs * layer.units), layer.inputs, layer.units, init);
    }
    this.shuffleRandom = resumableStream(this.seed, 'shuffle');
  }

  /**
   * The model in TensorFlow.js's layers-model form: topology (with each layer's trainable
   * flag), weights and, once compiled, the training config and the optimiser's state; what
   * only wasmlp knows (masks, seed, the shuffle stream's position) under `wasmlp`.
   */
  toArtifacts(): ModelArtifacts {
    return modelToArtifacts(this);
  }

  /**
   * A model from TensorFlow.js layers-model artifacts (wasmlp's own or TensorFlow.js's and
   * Keras's), compiled as it was saved when they carry a training config. Every check runs
   * before any memory is taken. `seed`, when given, restarts the shuffles from that seed.
   */
  static fromArtifacts(artifacts: ModelArtifacts, options: { backend: Backend; seed?: number }): Sequential {
    return modelFromArtifacts(artifacts, options);
  }

  /** What compile was given, resolved; null before compile. */
  get compileConfig(): CompileConfig | null {
    if (!this.compiled) return null;
    const { lossName, metrics, optimizer } = this.compiled;
    return { loss: lossName, metrics: [...metrics], optimizer: { ...optimizer } };
  }

  /** The shuffle stream's position: a model restored with it shuffles as this one would next. */
  get shuffleState(): StreamState {
    return this.shuffleRandom.state();
  }

  /**
   * Restores what exact resume needs beyond weights and masks: the step count, the
   * optimiser's moments (per layer [kernel, bias], in getOptimizerMoments' shape) and the
   * shuffle stream's position. The model must be compiled.
   */
  restoreTrainingState(state: { step: number; m?: readonly (readonly [ArrayLike<number>, ArrayLike<number>])[]; v?: readonly (readonly [ArrayLike<number>, ArrayLike<number>])[]; shuffle?: StreamState }): void {
    this.refuseWhileTraining('restoreTrainingState');
    this.requireCompiled();
    if (!Number.isSafeInteger(state.step) || state.step < 0 || state.step > 0x7fffffff) throw new RangeError(`the step count must be a whole number from 0 to 2^31 - 1, got ${state.step}`);
    state.m?.forEach(([kernel, bias], l) => this.layers[l].writeRegion(this.arena.moment1, kernel, bias, 'first moment'));
    state.v?.forEach(([kernel, bias], l) => this.layers[l].writeRegion(this.arena.moment2, kernel, bias, 'second moment'));
    this.arena.i32()[(this.arena.desc >> 2) + H_STEP] = state.step;
    if (state.shuffle) this.shuffleRandom = resumableStream(this.seed, 'shuffle', state.shuffle);
  }

  /** Features per sample. */
  get inputSize(): number { return this.arena.inputSize; }
  /** Units of the output layer. */
  get outputSize(): number { return this.layers[this.layers.length - 1].units; }
  /** Optimiser steps taken since compile. */
  get step(): number { return this.arena.i32()[(this.arena.desc >> 2) + H_STEP]; }

  /** Sets the loss, the optimiser (fresh state: zero moments, step 0) and the metrics. */
  compile(options: CompileOptions): void {
    this.refuseWhileTraining('compile');
    const last = this.layers[this.layers.length - 1];
    const loss = resolveLoss(options.loss, last.activation);
    const metric = resolveMetric(options.metrics ?? [], loss, last.units);
    const optimizer = resolveOptimizer(options.optimizer ?? 'adam');
    const metrics = [...(options.metrics ?? [])];
    const f32 = this.arena.f32();
    const i32 = this.arena.i32();
    const d = this.arena.desc >> 2;
    i32[d + H_LOSS] = loss;
    i32[d + H_METRIC] = metric;
    i32[d + H_OPTIMIZER] = optimizer.code;
    i32[d + H_STEP] = 0;
    f32[d + H_LR] = optimizer.learningRate;
    f32[d + H_BETA1] = optimizer.beta1;
    f32[d + H_BETA2] = optimizer.beta2;
    f32[d + H_ONE_MINUS_BETA1] = 1 - optimizer.beta1;
    f32[d + H_ONE_MINUS_BETA2] = 1 - optimizer.beta2;
    f32[d + H_EPSILON] = optimizer.epsilon;
    f32[d + H_MOMENTUM] = optimizer.momentum;
    i32[d + H_NESTEROV] = optimizer.nesterov ? 1 : 0;
    const floats = this.arena.paramFloats;
    f32.fill(0, this.arena.moment1 >> 2, (this.arena.moment1 >> 2) + floats);
    f32.fill(0, this.arena.moment2 >> 2, (this.arena.moment2 >> 2) + floats);
    this.compiled = { loss, metric, lossName: options.loss, metrics, optimizer };
  }

  /** Trains for a number of epochs and returns the history of losses and metrics. */
  async fit(x: Matrix, y: Matrix, options: FitOptions = {}): Promise<History> {
    this.refuseWhileTraining('fit');
    this.training = true;
    try {
      return await this.fitEpochs(x, y, options);
    } finally {
      this.training = false;
      this.arena.pinFit(false);
    }
  }

  private async fitEpochs(x: Matrix, y: Matrix, options: FitOptions): Promise<History> {
    const { loss, metric } = this.requireCompiled();
    const requestedBatch = options.batchSize ?? 32;
    const epochs = options.epochs ?? 1;
    const split = options.validationSplit ?? 0;
    checkCount('batchSize', requestedBatch);
    if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`epochs must be a whole number, got ${epochs}`);
    if (!(split >= 0 && split < 1)) throw new RangeError(`validationSplit must be in [0, 1), got ${split}`);
    if (split > 0 && options.validationData) throw new RangeError('give validationSplit or validationData, not both');
    const { samples, heldOut } = this.stage('fit', x, y, requestedBatch, options.validationData);
    // Callbacks may evaluate or predict on more rows than this: the fit's data must stay put.
    this.arena.pinFit(true);
    const trainCount = split > 0 ? Math.floor(samples * (1 - split)) : samples - heldOut;
    const validationCount = samples - trainCount;
    if (trainCount === 0 || (split > 0 && validationCount === 0)) {
      throw new RangeError(`validationSplit ${split} of ${plural(samples, 'sample')} leaves ${trainCount} to train on and ${validationCount} to validate on`);
    }
    const history: History = { epoch: [], history: { loss: [] }, gradNorm: [] };
    const logs = history.history;
    if (metric !== METRIC_NONE) logs.accuracy = [];
    if (validationCount > 0) {
      logs.val_loss = [];
      if (metric !== METRIC_NONE) logs.val_accuracy = [];
    }
    // A batch larger than the data is one batch of all of it, as in Keras.
    const batchSize = Math.min(requestedBatch, trainCount);
    const steps = Math.ceil(trainCount / batchSize);
    const rowBytes = this.inputSize * 4;
    const targetBytes = this.targetWidth(loss) * 4;
    this.stopTraining = false;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const staging = this.arena.staging('fit');
      shuffledOrder(this.arena.i32(), staging.order >> 2, trainCount, options.shuffle === false ? null : this.shuffleRandom.words);
      this.resetOutputs(true);
      this.arena.engine.trainEpoch(this.arena.desc, trainCount, batchSize);
      const epochLogs: EpochLogs = { loss: this.outputLoss() / trainCount };
      if (metric !== METRIC_NONE) epochLogs.accuracy = this.outputMetric() / trainCount;
      const norms = this.layers.map((layer) => layer.trainable ? this.gradNormSum(layer.index) / steps : null);
      if (validationCount > 0) {
        this.resetOutputs(false);
        this.arena.engine.evaluate(
          this.arena.desc, staging.x + trainCount * rowBytes, staging.y + trainCount * targetBytes, validationCount,
        );
        epochLogs.val_loss = this.outputLoss() / validationCount;
        if (metric !== METRIC_NONE) epochLogs.val_accuracy = this.outputMetric() / validationCount;
      }
      history.epoch.push(epoch);
      history.gradNorm.push(norms);
      logs.loss.push(epochLogs.loss);
      if (epochLogs.accuracy !== undefined) logs.accuracy?.push(epochLogs.accuracy);
      if (epochLogs.val_loss !== undefined) logs.val_loss?.push(epochLogs.val_loss);
      if (epochLogs.val_accuracy !== undefined) logs.val_accuracy?.push(epochLogs.val_accuracy);
      const pending = options.onEpochEnd?.(epoch, epochLogs, norms);
      if (pending) await pending;
      if (this.stopTraining) break;
    }
    return history;
  }

  /** One optimiser step on one batch (Keras's train_on_batch); returns the loss before the step. */
  trainOnBatch(x: Matrix, y: Matrix): number {
    this.refuseWhileTraining('trainOnBatch');
    const rows = this.gradientsOf(x, y);
    this.arena.engine.applyGradients(this.arena.desc);
    return this.outputLoss() / rows;
  }

  /** Loss (and accuracy, when compiled with it) over the given samples, without training. */
  evaluate(x: Matrix, y: Matrix, options: { batchSize?: number } = {}): EpochLogs {
    const { metric } = this.requireCompiled();
    const { samples, staging } = this.stage('call', x, y, options.batchSize ?? 32);
    this.resetOutputs(false);
    this.arena.engine.evaluate(this.arena.desc, staging.x, staging.y, samples);
    const result: EpochLogs = { loss: this.outputLoss() / samples };
    if (metric !== METRIC_NONE) result.accuracy = this.outputMetric() / samples;
    return result;
  }

  /** Output activations (probabilities for sigmoid and softmax outputs), rows x outputSize, row-major. */
  predict(x: Matrix, options: { batchSize?: number } = {}): Float32Array {
    const rows = rowCount(x, this.inputSize, 'x');
    const batchSize = options.batchSize ?? 32;
    checkCount('batchSize', batchSize);
    const staging = this.arena.reserve('call', Math.min(batchSize, rows), rows, this.compiled ? this.targetWidth(this.compiled.loss) : 1);
    copyRows(x, this.inputSize, 0, rows, this.arena.f32(), staging.x >> 2, 'x');
    this.arena.engine.predict(this.arena.desc, staging.x, staging.out, rows);
    const start = staging.out >> 2;
    return this.arena.f32().slice(start, start + rows * this.outputSize);
  }

  /** Gradients of the mean loss on one batch, per layer [kernel, bias] (null for frozen layers), with the loss. */
  gradients(x: Matrix, y: Matrix): { loss: number; grads: ([Float32Array, Float32Array] | null)[] } {
    const rows = this.gradientsOf(x, y);
    return {
      loss: this.outputLoss() / rows,
      grads: this.layers.map((layer) => layer.trainable ? layer.read(this.arena.grads) : null),
    };
  }

  /** Adam's first and second moments (SGD's velocity as `m`), per layer [kernel, bias]. */
  getOptimizerMoments(): { m: [Float32Array, Float32Array][]; v: [Float32Array, Float32Array][] } {
    return {
      m: this.layers.map((layer) => layer.read(this.arena.moment1)),
      v: this.layers.map((layer) => layer.read(this.arena.moment2)),
    };
  }

  /** Kernels and biases in Keras order: layer 1 kernel (inputs x units, row-major), layer 1 bias, layer 2 kernel, ... */
  getWeights(): Float32Array[] {
    return this.layers.flatMap((layer) => layer.getWeights());
  }

  /** Replaces every kernel and bias, in the order getWeights gives. */
  setWeights(weights: readonly ArrayLike<number>[]): void {
    if (weights.length !== this.layers.length * 2) {
      throw new RangeError(`setWeights expects ${this.layers.length * 2} arrays (kernel and bias per layer), got ${weights.length}`);
    }
    this.layers.forEach((layer, l) => layer.setWeights(weights[2 * l], weights[2 * l + 1]));
  }

  /** Gives the model's memory back to its backend for the next model (as TF.js's dispose); the model is unusable after. */
  dispose(): void {
    this.refuseWhileTraining('dispose');
    this.arena.release(this.backend);
  }

  /** Every parameter of the model. */
  countParams(): number {
    return this.layers.reduce((sum, layer) => sum + layer.paramCount, 0);
  }

  /** Parameters the optimiser updates under the current flags and masks. */
  countTrainableParams(): number {
    return this.layers.reduce((sum, layer) => sum + layer.trainableParamCount, 0);
  }

  private gradientsOf(x: Matrix, y: Matrix): number {
    const rows = rowCount(x, this.inputSize, 'x');
    const { staging } = this.stage('call', x, y, rows);
    this.resetOutputs(false);
    this.arena.engine.computeGradients(this.arena.desc, staging.x, staging.y, rows);
    return rows;
  }

  // Checks x and y (and extra samples appended after them) and copies them into the
  // arena's data region, with room for batches of batchSize.
  private stage(slot: Slot, x: Matrix, y: Matrix, batchSize: number, extra?: readonly [Matrix, Matrix]): { samples: number; staging: Staging; heldOut: number } {
    const { loss } = this.requireCompiled();
    const width = this.targetWidth(loss);
    const parts: [Matrix, Matrix, string][] = [[x, y, '']];
    if (extra) parts.push([extra[0], extra[1], 'validation ']);
    const counts = parts.map(([px, py, what]) => {
      const rows = rowCount(px, this.inputSize, `${what}x`);
      const targets = rowCount(py, width, `${what}y`);
      if (targets !== rows) throw new RangeError(`${what}x has ${plural(rows, 'sample')} but ${what}y has ${targets}`);
      if (rows === 0) throw new RangeError(`no ${what}samples to work on`);
      return rows;
    });
    const samples = counts.reduce((a, b) => a + b, 0);
    checkCount('batchSize', batchSize);
    const staging = this.arena.reserve(slot, Math.min(batchSize, samples), samples, width);
    const f32 = this.arena.f32();
    let at = 0;
    parts.forEach(([px, py, what], i) => {
      copyRows(px, this.inputSize, 0, counts[i], f32, (staging.x >> 2) + at * this.inputSize, `${what}x`);
      copyRows(py, width, 0, counts[i], f32, (staging.y >> 2) + at * width, `${what}y`);
      at += counts[i];
    });
    this.checkTargets(f32, staging.y >> 2, samples * width, loss);
    return { samples, staging, heldOut: extra ? counts[1] : 0 };
  }

  private checkTargets(f32: Float32Array, start: number, count: number, loss: number): void {
    // Nothing but the value is worked out per value: this runs every epoch, and in a fresh
    // process its first epochs run before V8 optimises it, where a call per value costs most.
    const classes = this.outputSize;
    for (let i = start; i < start + count; i++) {
      const value = f32[i];
      if (loss === LOSS_SCCE && !(Number.isInteger(value) && value >= 0 && value < classes)) {
        throw new RangeError(`y row ${Math.floor((i - start) / this.targetWidth(loss))} is ${value}: a sparse label must be a class index from 0 to ${classes - 1}`);
      }
      if (loss === LOSS_BCE && !(value >= 0 && value <= 1)) {
        throw new RangeError(`y row ${Math.floor((i - start) / this.targetWidth(loss))} is ${value}: binary cross-entropy targets lie in [0, 1]`);
      }
    }
  }

  private targetWidth(loss: number): number {
    return loss === LOSS_SCCE ? 1 : this.outputSize;
  }

  private refuseWhileTraining(what: string): void {
    if (this.training) throw new Error(`${what} cannot start while this model's fit is running (model.isTraining); wait for fit to end`);
  }

  private requireCompiled(): CompiledState {
    if (!this.compiled) throw new Error('compile the model before training or evaluating it');
    return this.compiled;
  }

  private resetOutputs(withNorms: boolean): void {
    const f64 = this.arena.f64();
    const d = this.arena.desc >> 2;
    f64[(d + H_OUT_LOSS) >> 1] = 0;
    f64[(d + H_OUT_METRIC) >> 1] = 0;
    if (withNorms) for (let l = 0; l < this.layers.length; l++) f64[(this.arena.layerWord(l) + L_GRAD_NORM) >> 1] = 0;
  }

  private outputLoss(): number { return this.arena.f64()[((this.arena.desc >> 2) + H_OUT_LOSS) >> 1]; }
  private outputMetric(): number { return this.arena.f64()[((this.arena.desc >> 2) + H_OUT_METRIC) >> 1]; }
  private gradNormSum(layer: number): number { return this.arena.f64()[(this.arena.layerWord(layer) + L_GRAD_NORM) >> 1]; }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1, got ${value}`);
}
