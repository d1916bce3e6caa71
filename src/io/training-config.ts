// The trainingConfig of a layers-model file: the loss, the metrics and the optimiser
// with its settings. TensorFlow.js writes camelCase settings ({learningRate, beta1}),
// Keras snake_case ({learning_rate, beta_1}); both are read. Settings wasmlp would
// not honour (amsgrad, weight decay, clipping, a schedule) are refused, not dropped.
import type { CompileOptions, CompileConfig } from '../model.js';
import type { LossName, OptimizerSpec } from '../config.js';
import {
  ModelFormatError, describe, field, fieldOf, isRecord, requireNumber, requireRecord, type JsonRecord,
} from './json-fields.js';

const LOSS_NAMES: readonly LossName[] = [
  'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError',
  'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'mean_squared_error', 'mse',
];
// Keras's loss classes, as a converted model's training_config may name them.
const LOSS_CLASSES: Readonly<Record<string, LossName>> = {
  BinaryCrossentropy: 'binary_crossentropy', CategoricalCrossentropy: 'categorical_crossentropy',
  SparseCategoricalCrossentropy: 'sparse_categorical_crossentropy', MeanSquaredError: 'mean_squared_error',
};
const METRIC_NAMES = ['accuracy', 'acc'];
// Optimiser settings that are harmless at their defaults and refused otherwise.
const NEUTRAL_SETTINGS: Readonly<Record<string, unknown>> = {
  amsgrad: false, decay: 0, weight_decay: null, clipnorm: null, clipvalue: null, global_clipnorm: null, use_ema: false,
};
const IGNORED_SETTINGS = ['name', 'is_legacy_optimizer', 'ema_momentum', 'ema_overwrite_frequency', 'jit_compile', 'loss_scale_factor', 'gradient_accumulation_steps'];

/** The trainingConfig TensorFlow.js writes for a compiled model, from wasmlp's compile settings. */
export function writeTrainingConfig(config: CompileConfig): JsonRecord {
  const o = config.optimizer;
  const optimizer = o.code === 0
    ? { class_name: 'Adam', config: { learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon } }
    : o.momentum === 0 && !o.nesterov
      ? { class_name: 'SGD', config: { learningRate: o.learningRate } }
      // TensorFlow.js's name for SGD with momentum.
      : { class_name: 'Momentum', config: { learningRate: o.learningRate, momentum: o.momentum, useNesterov: o.nesterov } };
  return { loss: config.loss, metrics: config.metrics, optimizer_config: optimizer };
}

/** compile's options from a trainingConfig (TensorFlow.js's) or a training_config (Keras's converter). */
export function readTrainingConfig(value: unknown): CompileOptions {
  const config = requireRecord(value, 'trainingConfig');
  for (const key of ['loss_weights', 'weighted_metrics', 'sample_weight_mode']) {
    const setting = field(config, key);
    if (setting !== undefined && setting !== null) throw new ModelFormatError(`trainingConfig sets ${key}, which wasmlp does not support`);
  }
  return { loss: readLoss(field(config, 'loss')), metrics: readMetrics(field(config, 'metrics')), optimizer: readOptimizer(fieldOf(config, ['optimizer_config', 'optimizerConfig'])) };
}

function readLoss(value: unknown): LossName {
  // A single-output model may name its loss inside a one-element list or map.
  if (Array.isArray(value) && value.length === 1) return readLoss(value[0]);
  if (isRecord(value) && !Object.hasOwn(value, 'class_name') && Object.keys(value).length === 1) return readLoss(value[Object.keys(value)[0]]);
  if (isRecord(value)) {
    const className = field(value, 'class_name');
    const name = typeof className === 'string' && Object.hasOwn(LOSS_CLASSES, className) ? LOSS_CLASSES[className] : undefined;
    if (name === undefined) throw new ModelFormatError(`trainingConfig's loss ${describe(className)} is not one wasmlp trains (${Object.keys(LOSS_CLASSES).join(', ')})`);
    const settings = requireRecord(field(value, 'config') ?? {}, 'the loss config');
    if (field(settings, 'from_logits') === true) throw new ModelFormatError('trainingConfig\'s loss takes logits (from_logits); wasmlp computes cross-entropies from a sigmoid or softmax output');
    const smoothing = field(settings, 'label_smoothing');
    if (smoothing !== undefined && smoothing !== 0) throw new ModelFormatError('trainingConfig\'s loss smooths labels, which wasmlp does not do');
    return name;
  }
  const name = LOSS_NAMES.find((known) => known === value);
  if (name === undefined) throw new ModelFormatError(`trainingConfig's loss ${describe(value)} is not one wasmlp trains (${LOSS_NAMES.join(', ')})`);
  return name;
}

function readMetrics(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  // TensorFlow.js writes metrics per output name ({} when there are none); a single output has one entry.
  if (isRecord(value)) {
    const outputs = Object.keys(value);
    if (outputs.length > 1) throw new ModelFormatError(`trainingConfig's metrics name ${outputs.length} outputs; wasmlp models have one`);
    return outputs.length === 0 ? [] : readMetrics([value[outputs[0]]]);
  }
  if (typeof value === 'string') return readMetrics([value]);
  if (!Array.isArray(value)) throw new ModelFormatError(`trainingConfig's metrics must be a list, got ${describe(value)}`);
  return value.flat().map((metric) => {
    if (typeof metric !== 'string' || !METRIC_NAMES.includes(metric)) {
      throw new ModelFormatError(`trainingConfig's metric ${describe(metric)} is not one wasmlp computes (${METRIC_NAMES.join(', ')})`);
    }
    return metric;
  });
}

function readOptimizer(value: unknown): OptimizerSpec {
  const optimizer = requireRecord(value, 'trainingConfig\'s optimizer_config');
  const className = field(optimizer, 'class_name');
  const settings = requireRecord(field(optimizer, 'config') ?? {}, 'the optimizer config');
  const kind = typeof className === 'string' ? className.toLowerCase() : '';
  const known: string[] = [];
  const read = (keys: string[], fallback: number): number => {
    known.push(...keys);
    const setting = fieldOf(settings, keys);
    if (isRecord(setting)) throw new ModelFormatError(`the optimizer's ${keys[0]} is a schedule (${describe(field(setting, 'class_name'))}); wasmlp takes a number`);
    return setting === undefined || setting === null ? fallback : requireNumber(setting, `the optimizer's ${keys[0]}`);
  };
  const flag = (keys: string[]): boolean => {
    known.push(...keys);
    const setting = fieldOf(settings, keys);
    if (setting !== undefined && typeof setting !== 'boolean') throw new ModelFormatError(`the optimizer's ${keys[0]} must be true or false, got ${describe(setting)}`);
    return setting === true;
  };
  let spec: OptimizerSpec;
  if (kind === 'adam') {
    spec = {
      type: 'adam', learningRate: read(['learningRate', 'learning_rate', 'lr'], 0.001), beta1: read(['beta1', 'beta_1'], 0.9),
      beta2: read(['beta2', 'beta_2'], 0.999), epsilon: read(['epsilon'], 1e-7),
    };
  } else if (kind === 'sgd' || kind === 'momentum') {
    spec = {
      type: 'sgd', learningRate: read(['learningRate', 'learning_rate', 'lr'], 0.01), momentum: read(['momentum'], 0),
      nesterov: flag(['nesterov', 'useNesterov']),
    };
  } else {
    throw new ModelFormatError(`trainingConfig's optimizer ${describe(className)} is not one wasmlp trains with (Adam, SGD, Momentum)`);
  }
  for (const key of Object.keys(settings)) {
    if (known.includes(key) || IGNORED_SETTINGS.includes(key)) continue;
    if (Object.hasOwn(NEUTRAL_SETTINGS, key)) {
      const setting = settings[key];
      if (setting === NEUTRAL_SETTINGS[key] || (setting === null && NEUTRAL_SETTINGS[key] === 0)) continue;
      throw new ModelFormatError(`the optimizer sets ${key} to ${describe(setting)}, which wasmlp does not do`);
    }
    throw new ModelFormatError(`the optimizer has a setting '${key}' that wasmlp does not know`);
  }
  return spec;
}
