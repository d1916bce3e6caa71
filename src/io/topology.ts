// The modelTopology of TensorFlow.js's layers-model format, read and written. Read:
// a Sequential of Dense layers as TensorFlow.js writes it or as Keras's converter does
// (model_config, an InputLayer with batch_input_shape, or Keras 3's batch_shape).
// Anything wasmlp would not train as written is refused with the layer's name.
import type { DenseSpec } from '../layer.js';
import type { Activation } from '../config.js';
import {
  ModelFormatError, describe, field, fieldOf, isRecord, requireArray, requireCount, requireRecord, requireString, type JsonRecord,
} from './json-fields.js';
import { WASMLP_VERSION } from '../version.js';

/** The largest width of a layer or of the input that a file may declare (2^24: a float32 counts it exactly). */
export const MAX_UNITS = 1 << 24;
/** The most layers a file may declare. */
export const MAX_LAYERS = 1000;

const ACTIVATION_NAMES: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];
// Dense settings that change what training does; wasmlp has none of them, so a file using one is refused.
const UNSUPPORTED_WHEN_SET = ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint', 'lora_rank'];

/** A model's architecture as wasmlp builds it. */
export interface Topology { name: string; inputSize: number; layers: DenseSpec[] }

/** The Keras-config form of the model's topology, as TensorFlow.js's Sequential.toJSON writes it. */
export function writeTopology(topology: Topology): JsonRecord {
  const layers = topology.layers.map((layer, l) => ({
    class_name: 'Dense',
    config: {
      units: layer.units,
      activation: layer.activation,
      use_bias: true,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      name: layer.name ?? `dense_${l + 1}`,
      trainable: layer.trainable ?? true,
      dtype: 'float32',
      ...(l === 0 ? { batch_input_shape: [null, topology.inputSize] } : {}),
    },
  }));
  return { class_name: 'Sequential', config: { name: topology.name, layers }, keras_version: `wasmlp ${WASMLP_VERSION}`, backend: 'tensor_flow.js' };
}

/** Reads a modelTopology, checking everything wasmlp relies on. */
export function readTopology(value: unknown): Topology {
  let topology = requireRecord(value, 'modelTopology');
  const modelConfig = field(topology, 'model_config');
  if (modelConfig !== undefined) topology = requireRecord(modelConfig, 'modelTopology.model_config');
  const className = field(topology, 'class_name');
  if (className !== 'Sequential') {
    throw new ModelFormatError(`the model is a ${describe(className)}, not a 'Sequential': wasmlp loads sequential stacks of Dense layers`);
  }
  const config = field(topology, 'config');
  // Keras 1 and early TF.js wrote the layer list as the config itself.
  const configRecord = Array.isArray(config) ? {} : requireRecord(config, 'the Sequential config');
  const entries = requireArray(Array.isArray(config) ? config : field(configRecord, 'layers'), 'the Sequential config\'s layers');
  if (entries.length > MAX_LAYERS + 1) throw new ModelFormatError(`the model has ${entries.length} layers; wasmlp loads at most ${MAX_LAYERS}`);
  const name = field(configRecord, 'name');
  let inputSize = inputWidth(field(configRecord, 'build_input_shape'), 'the Sequential config\'s build_input_shape');
  const layers: DenseSpec[] = [];
  entries.forEach((entry, position) => {
    const layer = requireRecord(entry, `layer ${position + 1}`);
    const layerConfig = requireRecord(field(layer, 'config'), `layer ${position + 1}'s config`);
    const layerName = requireString(field(layerConfig, 'name') ?? `layer ${position + 1}`, `layer ${position + 1}'s name`);
    const kind = field(layer, 'class_name');
    checkDtype(layerConfig, layerName);
    const shape = inputWidth(fieldOf(layerConfig, ['batch_input_shape', 'batch_shape', 'batchInputShape']), `layer '${layerName}'s input shape`);
    if (shape !== null) {
      if (layers.length > 0) throw new ModelFormatError(`layer '${layerName}' declares an input shape but is not the first layer`);
      if (inputSize !== null && inputSize !== shape) throw new ModelFormatError(`layer '${layerName}' takes ${shape} inputs but the model declares ${inputSize}`);
      inputSize = shape;
    }
    if (kind === 'InputLayer') {
      if (position !== 0) throw new ModelFormatError(`layer '${layerName}' is an InputLayer but not the first layer`);
      if (shape === null) throw new ModelFormatError(`InputLayer '${layerName}' does not give its batch_input_shape`);
      return;
    }
    if (kind !== 'Dense') {
      throw new ModelFormatError(`layer '${layerName}' is a ${describe(kind)}: wasmlp trains Dense layers only (and an InputLayer before them)`);
    }
    layers.push(readDense(layerConfig, layerName));
  });
  if (layers.length === 0) throw new ModelFormatError('the model has no Dense layer');
  if (inputSize === null) throw new ModelFormatError('the model does not give its input size (an InputLayer or a batch_input_shape on the first layer)');
  const names = new Set<string>();
  for (const layer of layers) {
    if (names.has(layer.name as string)) throw new ModelFormatError(`two layers are named '${layer.name}'`);
    names.add(layer.name as string);
  }
  return { name: typeof name === 'string' ? name : 'sequential', inputSize, layers };
}

function readDense(config: JsonRecord, name: string): DenseSpec {
  const units = requireCount(field(config, 'units'), `layer '${name}'s units`, 1, MAX_UNITS);
  const activationValue = field(config, 'activation') ?? 'linear';
  const activation = ACTIVATION_NAMES.find((known) => known === activationValue);
  if (activation === undefined) {
    throw new ModelFormatError(`layer '${name}' uses the activation ${describe(activationValue)}; wasmlp trains ${ACTIVATION_NAMES.join(', ')}`);
  }
  const useBias = fieldOf(config, ['use_bias', 'useBias']) ?? true;
  if (useBias !== true) throw new ModelFormatError(`layer '${name}' has no bias (use_bias ${describe(useBias)}); wasmlp's Dense layers always have one`);
  for (const key of UNSUPPORTED_WHEN_SET) {
    const setting = field(config, key);
    if (setting !== undefined && setting !== null) throw new ModelFormatError(`layer '${name}' sets ${key}, which wasmlp does not apply in training`);
  }
  const trainable = field(config, 'trainable') ?? true;
  if (typeof trainable !== 'boolean') throw new ModelFormatError(`layer '${name}'s trainable must be true or false, got ${describe(trainable)}`);
  return { units, activation, name, trainable };
}

// [null, n] gives n; absent gives null; any other shape is refused.
function inputWidth(value: unknown, what: string): number | null {
  if (value === undefined || value === null) return null;
  const shape = requireArray(value, what);
  if (shape.length !== 2 || shape[0] !== null) {
    throw new ModelFormatError(`${what} is ${JSON.stringify(shape).slice(0, 60)}; wasmlp takes rows of features, [null, features]`);
  }
  return requireCount(shape[1], `${what}'s feature count`, 1, MAX_UNITS);
}

function checkDtype(config: JsonRecord, name: string): void {
  const dtype = field(config, 'dtype');
  if (dtype === undefined || dtype === null || dtype === 'float32') return;
  // Keras 3 writes a DTypePolicy object; only float32 computations are what wasmlp does.
  const policy = isRecord(dtype) ? field(requireRecord(field(dtype, 'config') ?? {}, `layer '${name}'s dtype`), 'name') : dtype;
  if (policy !== 'float32') throw new ModelFormatError(`layer '${name}' computes in ${describe(policy)}; wasmlp computes in float32`);
}
