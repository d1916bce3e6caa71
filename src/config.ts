// Names a user writes (activations, losses, optimisers, metrics) resolved to the
// codes the kernels read, with the checks Keras users would expect at compile time.
import {
  ACT_LINEAR, ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_SOFTMAX,
  LOSS_BCE, LOSS_CCE, LOSS_SCCE, LOSS_MSE, METRIC_NONE, METRIC_BINARY, METRIC_CATEGORICAL, METRIC_SPARSE,
  OPT_ADAM, OPT_SGD,
} from './descriptor.js';

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';
export type LossName =
  | 'binaryCrossentropy' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'meanSquaredError'
  | 'binary_crossentropy' | 'categorical_crossentropy' | 'sparse_categorical_crossentropy' | 'mean_squared_error' | 'mse';

/** Adam's settings; Keras's defaults apply to what is left out. */
export interface AdamOptions { learningRate?: number; beta1?: number; beta2?: number; epsilon?: number }
/** SGD's settings; Keras's defaults (lr 0.01, no momentum) apply to what is left out. */
export interface SgdOptions { learningRate?: number; momentum?: number; nesterov?: boolean }
export type OptimizerSpec = 'adam' | 'sgd' | ({ type: 'adam' } & AdamOptions) | ({ type: 'sgd' } & SgdOptions);

/** An optimiser with every setting filled in. */
export interface ResolvedOptimizer {
  code: number; learningRate: number; beta1: number; beta2: number; epsilon: number; momentum: number; nesterov: boolean;
}

export const ACTIVATIONS: Record<Activation, number> = {
  linear: ACT_LINEAR, relu: ACT_RELU, sigmoid: ACT_SIGMOID, tanh: ACT_TANH, softmax: ACT_SOFTMAX,
};

const LOSSES: Record<string, number> = {
  binaryCrossentropy: LOSS_BCE, binary_crossentropy: LOSS_BCE,
  categoricalCrossentropy: LOSS_CCE, categorical_crossentropy: LOSS_CCE,
  sparseCategoricalCrossentropy: LOSS_SCCE, sparse_categorical_crossentropy: LOSS_SCCE,
  meanSquaredError: LOSS_MSE, mean_squared_error: LOSS_MSE, mse: LOSS_MSE,
};

/**
 * A table's entry for a name a user wrote, looked up among the table's own keys only:
 * 'constructor' or '__proto__' must be unknown names, not Object.prototype's members.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, name: unknown): T | undefined {
  return typeof name === 'string' && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Adam with Keras's defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export function adam(options: AdamOptions = {}): OptimizerSpec {
  return { type: 'adam', ...options };
}

/** SGD with Keras's defaults: lr 0.01, momentum 0, no Nesterov. */
export function sgd(options: SgdOptions = {}): OptimizerSpec {
  return { type: 'sgd', ...options };
}

/** Fills in an optimiser's defaults and checks its settings. */
export function resolveOptimizer(spec: OptimizerSpec): ResolvedOptimizer {
  const options = typeof spec === 'string' ? { type: spec } : spec;
  if (options.type === 'adam') {
    const o = options as AdamOptions;
    const resolved = {
      code: OPT_ADAM, learningRate: o.learningRate ?? 0.001, beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999,
      epsilon: o.epsilon ?? 1e-7, momentum: 0, nesterov: false,
    };
    checkRange('beta1', resolved.beta1, 0, 1);
    checkRange('beta2', resolved.beta2, 0, 1);
    checkPositive('epsilon', resolved.epsilon);
    checkPositive('learningRate', resolved.learningRate);
    return resolved;
  }
  if (options.type === 'sgd') {
    const o = options as SgdOptions;
    const resolved = {
      code: OPT_SGD, learningRate: o.learningRate ?? 0.01, beta1: 0, beta2: 0, epsilon: 0,
      momentum: o.momentum ?? 0, nesterov: o.nesterov ?? false,
    };
    checkPositive('learningRate', resolved.learningRate);
    if (!(resolved.momentum >= 0 && resolved.momentum <= 1)) throw new RangeError(`momentum must be in [0, 1], got ${resolved.momentum}`);
    return resolved;
  }
  throw new RangeError(`unknown optimizer '${String((options as { type: unknown }).type)}' (expected 'adam' or 'sgd')`);
}

/** The loss code for a name, checked against the output activation (cross-entropies are computed from logits). */
export function resolveLoss(name: string, outputActivation: Activation): number {
  const code = ownValue(LOSSES, name);
  if (code === undefined) throw new RangeError(`unknown loss '${name}' (expected one of ${Object.keys(LOSSES).join(', ')})`);
  if (code === LOSS_BCE && outputActivation !== 'sigmoid') {
    throw new RangeError(`binary cross-entropy needs a sigmoid output layer, got '${outputActivation}'`);
  }
  if ((code === LOSS_CCE || code === LOSS_SCCE) && outputActivation !== 'softmax') {
    throw new RangeError(`${name} needs a softmax output layer, got '${outputActivation}'`);
  }
  return code;
}

/** Keras's choice of accuracy for 'accuracy': binary for BCE or one output, sparse for sparse labels, else categorical. */
export function resolveMetric(metrics: readonly string[], loss: number, outputUnits: number): number {
  for (const name of metrics) if (name !== 'accuracy' && name !== 'acc') throw new RangeError(`unknown metric '${name}' (expected 'accuracy')`);
  if (metrics.length === 0) return METRIC_NONE;
  if (loss === LOSS_BCE || outputUnits === 1) return METRIC_BINARY;
  if (loss === LOSS_SCCE) return METRIC_SPARSE;
  return METRIC_CATEGORICAL;
}

function checkRange(name: string, value: number, low: number, high: number): void {
  if (!(value >= low && value < high)) throw new RangeError(`${name} must be in [${low}, ${high}), got ${value}`);
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`${name} must be a positive number, got ${value}`);
}
