// A model as TensorFlow.js's ModelArtifacts (the in-memory form of a layers-model
// file) and back. Model weights are named '<layer>/kernel' and '<layer>/bias'.
// Optimiser state goes in entries of group 'optimizer', laid out as TensorFlow.js
// lays out its own ('iter', then Adam's first moments, then its second moments,
// trainable layers first) so that TensorFlow.js's strict loader accepts the file and
// resumes the moments of the weights it trains. What only wasmlp knows (per-parameter
// masks, the seed, the shuffle stream's position) goes under the `wasmlp` key.
// Every check runs before the model takes any memory.
import { Sequential, type CompileOptions } from '../model.js';
import { fixedArenaBytes, checkArenaBytes } from '../arena.js';
import { resolveLoss, resolveOptimizer } from '../config.js';
import type { Backend } from '../backends/backend.js';
import { isStreamState, type StreamState } from '../random.js';
import { readTopology, writeTopology, type Topology } from './topology.js';
import { readTrainingConfig, writeTrainingConfig } from './training-config.js';
import { decodeWeights, type WeightSpec, type DecodedWeights } from './weights.js';
import { decodeMask, encodeMask } from './masks.js';
import { ModelFormatError, field, isRecord, onlyKeys, requireCount, requireRecord } from './json-fields.js';
import { WASMLP_VERSION } from '../version.js';

export type { WeightSpec } from './weights.js';

/** What only wasmlp knows about a model, under `wasmlp` in model.json. */
export interface WasmlpState {
  version: 1;
  seed: number;
  /** The shuffle stream's position after the last epoch. */
  shuffle: StreamState;
  /** Per layer with frozen parameters: kernel and bias masks as base64 bit sets (bit set: trains). */
  masks?: Record<string, { kernel: string; bias: string }>;
}

/** TensorFlow.js's io.ModelArtifacts, as far as layers models use it, plus wasmlp's own state. */
export interface ModelArtifacts {
  modelTopology: unknown;
  weightSpecs?: WeightSpec[];
  /** One buffer, or TensorFlow.js 4's list of buffers read in order. */
  weightData?: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
  userDefinedMetadata?: unknown;
  wasmlp?: WasmlpState;
}

/** The model as artifacts: topology, weights, and once compiled its training config and optimiser state. */
export function modelToArtifacts(model: Sequential): ModelArtifacts {
  const topology: Topology = {
    name: 'sequential',
    inputSize: model.inputSize,
    layers: model.layers.map((layer) => ({ units: layer.units, activation: layer.activation, name: layer.name, trainable: layer.trainable })),
  };
  const specs: WeightSpec[] = [];
  const chunks: ArrayBufferView[] = [];
  const add = (name: string, shape: number[], values: Float32Array | Int32Array, group?: 'optimizer'): void => {
    specs.push({ name, shape, dtype: values instanceof Int32Array ? 'int32' : 'float32', ...(group ? { group } : {}) });
    chunks.push(values);
  };
  for (const layer of model.layers) {
    const [kernel, bias] = layer.getWeights();
    add(`${layer.name}/kernel`, [layer.inputs, layer.units], kernel);
    add(`${layer.name}/bias`, [layer.units], bias);
  }
  const compiled = model.compileConfig;
  if (compiled) {
    add('iter', [], Int32Array.of(model.step), 'optimizer');
    const { m, v } = model.getOptimizerMoments();
    // TensorFlow.js pairs its moments with its trainable weights by position: those come first.
    const order = [...model.layers.filter((layer) => layer.trainable), ...model.layers.filter((layer) => !layer.trainable)];
    const slots = (suffix: string, moments: [Float32Array, Float32Array][], scale = 1): void => {
      for (const layer of order) {
        const [kernel, bias] = moments[layer.index];
        add(`${layer.name}/kernel/${suffix}`, [layer.inputs, layer.units], scale === 1 ? kernel : kernel.map((x) => x * scale), 'optimizer');
        add(`${layer.name}/bias/${suffix}`, [layer.units], scale === 1 ? bias : bias.map((x) => x * scale), 'optimizer');
      }
    };
    const o = compiled.optimizer;
    if (o.code === 0) {
      slots('m', m);
      slots('v', v);
    } else if (o.momentum !== 0 || o.nesterov) {
      // Keras keeps the velocity v = momentum v - lr g; TensorFlow.js the accumulation a = momentum a + g, so a = -v / lr.
      slots('momentum', m, -1 / o.learningRate);
    }
  }
  // No prototype: a layer may be named '__proto__', which must become a key, not a prototype.
  const masks: Record<string, { kernel: string; bias: string }> = Object.create(null);
  for (const layer of model.layers) {
    const mask = layer.getTrainableMask();
    if (mask.kernel.includes(0) || mask.bias.includes(0)) masks[layer.name] = { kernel: encodeMask(mask.kernel), bias: encodeMask(mask.bias) };
  }
  return {
    modelTopology: writeTopology(topology),
    format: 'layers-model',
    generatedBy: `wasmlp ${WASMLP_VERSION}`,
    convertedBy: null,
    weightSpecs: specs,
    weightData: concatenate(chunks),
    ...(compiled ? { trainingConfig: writeTrainingConfig(compiled) } : {}),
    wasmlp: { version: 1, seed: model.seed, shuffle: model.shuffleState, ...(Object.keys(masks).length > 0 ? { masks } : {}) },
  };
}

/** A model from artifacts; see Sequential.fromArtifacts. */
export function modelFromArtifacts(artifacts: ModelArtifacts, options: { backend: Backend; seed?: number }): Sequential {
  const record = requireRecord(artifacts, 'the model artifacts');
  const topologyValue = field(record, 'modelTopology');
  const topology = readTopology(topologyValue);
  const shapes = topology.layers.map((layer, l) => ({ inputs: l === 0 ? topology.inputSize : topology.layers[l - 1].units, units: layer.units }));
  // The kernels' own data fill the first page of wasm memory; the arena starts above it.
  checkArenaBytes(fixedArenaBytes(65536, shapes), `the model (${[topology.inputSize, ...topology.layers.map((l) => l.units)].join('-')})`);
  const compile = readCompile(record, topologyValue, topology);
  const weights = decodeWeights(field(record, 'weightSpecs'), field(record, 'weightData'), topology, compile);
  const state = readWasmlpState(field(record, 'wasmlp'), topology, weights);
  const seed = options.seed ?? state?.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`the seed must be a whole number, got ${seed}`);

  const model = new Sequential({ inputSize: topology.inputSize, layers: topology.layers, backend: options.backend, seed });
  model.setWeights(weights.params.flat());
  model.layers.forEach((layer) => {
    const mask = state?.masks.get(layer.name);
    if (mask) layer.setTrainableMask(mask);
  });
  if (compile) {
    model.compile(compile);
    model.restoreTrainingState({
      step: weights.step,
      m: weights.m,
      v: weights.v,
      // A caller's seed restarts the shuffles from it; otherwise they go on where they were.
      shuffle: options.seed === undefined ? state?.shuffle : undefined,
    });
  }
  return model;
}

function readCompile(record: Record<string, unknown>, topologyValue: unknown, topology: Topology): CompileOptions | null {
  // TensorFlow.js keeps the training config beside the topology; Keras's converter inside it.
  const value = field(record, 'trainingConfig') ?? (isRecord(topologyValue) ? field(topologyValue, 'training_config') : undefined);
  if (value === undefined || value === null) return null;
  const compile = readTrainingConfig(value);
  const output = topology.layers[topology.layers.length - 1].activation;
  resolveLoss(compile.loss, output);
  resolveOptimizer(compile.optimizer ?? 'adam');
  return compile;
}

function readWasmlpState(value: unknown, topology: Topology, weights: DecodedWeights) {
  if (value === undefined) return null;
  const state = requireRecord(value, 'the wasmlp state');
  onlyKeys(state, ['version', 'seed', 'shuffle', 'masks'], 'the wasmlp state');
  if (field(state, 'version') !== 1) throw new ModelFormatError(`the wasmlp state's version must be 1, got ${String(field(state, 'version'))}; a newer wasmlp wrote this file`);
  const seed = requireCount(field(state, 'seed'), 'the wasmlp seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const shuffle = field(state, 'shuffle');
  if (!isStreamState(shuffle)) throw new ModelFormatError('the wasmlp shuffle state must hold c (a whole number) and s0, s1, s2 in [0, 1)');
  const masks = new Map<string, { kernel: Float32Array; bias: Float32Array }>();
  const maskValue = field(state, 'masks');
  if (maskValue !== undefined) {
    const record = requireRecord(maskValue, 'the wasmlp masks');
    for (const name of Object.keys(record)) {
      const l = topology.layers.findIndex((layer) => layer.name === name);
      if (l < 0) throw new ModelFormatError(`the wasmlp masks name a layer '${name}' that the model does not have`);
      const entry = requireRecord(record[name], `layer '${name}'s mask`);
      onlyKeys(entry, ['kernel', 'bias'], `layer '${name}'s mask`);
      const [kernel, bias] = weights.params[l];
      masks.set(name, {
        kernel: decodeMask(field(entry, 'kernel'), kernel.length, `layer '${name}'s kernel mask`),
        bias: decodeMask(field(entry, 'bias'), bias.length, `layer '${name}'s bias mask`),
      });
    }
  }
  return { seed, shuffle: { c: shuffle.c, s0: shuffle.s0, s1: shuffle.s1, s2: shuffle.s2 }, masks };
}

function concatenate(chunks: readonly ArrayBufferView[]): ArrayBuffer {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), at);
    at += chunk.byteLength;
  }
  return out.buffer;
}
