// The weight entries of a layers-model file: checked against the topology (names,
// shapes, dtypes, the exact byte count) and decoded, before any model exists.
import type { CompileOptions } from '../model.js';
import { MAX_ARENA_BYTES } from '../arena.js';
import { resolveOptimizer } from '../config.js';
import { ModelFormatError, describe, field, onlyKeys, requireArray, requireCount, requireRecord, requireString } from './json-fields.js';
import { MAX_UNITS, type Topology } from './topology.js';
import { plural } from '../units.js';

/** One entry of a weights manifest: its values follow the previous entry's in the weight data. */
export interface WeightSpec { name: string; shape: number[]; dtype: 'float32' | 'int32'; group?: 'model' | 'optimizer' }

type Pair = [Float32Array, Float32Array];

/** Decoded weights per layer [kernel, bias], the optimiser's moments (zeros where absent) and its step count. */
export interface DecodedWeights { params: Pair[]; m?: Pair[]; v?: Pair[]; step: number }

const MAX_ENTRIES = 100_000;

/** The bytes the weight entries describe, after checking each entry; refuses totals no model could hold. */
export function weightSpecBytes(specsValue: unknown): number {
  const specs = requireArray(specsValue, 'weightSpecs');
  if (specs.length > MAX_ENTRIES) throw new ModelFormatError(`weightSpecs has ${specs.length} entries, more than ${MAX_ENTRIES}`);
  let bytes = 0;
  specs.forEach((value, i) => {
    bytes += 4 * readSpec(value, i).shape.reduce((product, size) => product * size, 1);
    if (bytes > MAX_ARENA_BYTES) throw new ModelFormatError(`the weights take more than ${MAX_ARENA_BYTES} bytes, more than a model can hold`);
  });
  return bytes;
}

/** Checks the weight specs and data against the topology and decodes them (views over the data, no copies). */
export function decodeWeights(specsValue: unknown, dataValue: unknown, topology: Topology, compile: CompileOptions | null): DecodedWeights {
  if (specsValue === undefined && dataValue === undefined) throw new ModelFormatError('the model has no weights (weightSpecs and weightData)');
  const specs = requireArray(specsValue, 'weightSpecs');
  if (specs.length > MAX_ENTRIES) throw new ModelFormatError(`weightSpecs has ${specs.length} entries, more than ${MAX_ENTRIES}`);
  const entries = specs.map((value, i) => readSpec(value, i));
  const byName = new Map<string, { spec: WeightSpec; offset: number; count: number }>();
  let bytes = 0;
  for (const spec of entries) {
    if (byName.has(spec.name)) throw new ModelFormatError(`two weights are named '${spec.name}'`);
    const count = spec.shape.reduce((product, size) => product * size, 1);
    byName.set(spec.name, { spec, offset: bytes, count });
    bytes += count * 4;
    if (bytes > MAX_ARENA_BYTES) throw new ModelFormatError(`the weights take more than ${MAX_ARENA_BYTES} bytes, more than a model can hold`);
  }
  const data = weightBytes(dataValue, bytes);
  const shapes = topology.layers.map((layer, l) => ({ inputs: l === 0 ? topology.inputSize : topology.layers[l - 1].units, units: layer.units }));
  const expected = new Map<string, number[]>();
  topology.layers.forEach((layer, l) => {
    expected.set(`${layer.name}/kernel`, [shapes[l].inputs, shapes[l].units]);
    expected.set(`${layer.name}/bias`, [shapes[l].units]);
  });
  const floats = (name: string, shape: number[], what: string): Float32Array => {
    const entry = byName.get(name);
    if (!entry) throw new ModelFormatError(`the weights have no '${name}' (${what})`);
    if (entry.spec.dtype !== 'float32') throw new ModelFormatError(`weight '${name}' is ${entry.spec.dtype}; wasmlp takes float32`);
    if (entry.spec.shape.join(',') !== shape.join(',')) {
      throw new ModelFormatError(`weight '${name}' has shape [${entry.spec.shape.join(', ')}], but the model needs [${shape.join(', ')}]`);
    }
    const values = new Float32Array(data, entry.offset, entry.count);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw new ModelFormatError(`weight '${name}' holds ${values[i]} at ${i}; weights must be finite`);
    }
    return values;
  };
  const params = topology.layers.map((layer, l): Pair => [
    floats(`${layer.name}/kernel`, expected.get(`${layer.name}/kernel`) as number[], `layer ${l + 1}'s kernel`),
    floats(`${layer.name}/bias`, expected.get(`${layer.name}/bias`) as number[], `layer ${l + 1}'s bias`),
  ]);
  const optimizer = compile ? resolveOptimizer(compile.optimizer ?? 'adam') : null;
  const slots = optimizer === null ? [] : optimizer.code === 0 ? ['m', 'v'] : optimizer.momentum !== 0 || optimizer.nesterov ? ['momentum'] : [];
  let step = 0;
  for (const { spec } of byName.values()) {
    if (spec.group !== 'optimizer') {
      if (!expected.has(spec.name)) throw new ModelFormatError(`weight '${spec.name}' belongs to no layer of the model`);
      continue;
    }
    if (!optimizer) throw new ModelFormatError(`weight '${spec.name}' is optimizer state, but the model has no trainingConfig to say which optimizer`);
    if (spec.name === 'iter') {
      step = readStep(spec, byName.get('iter')?.offset ?? 0, data);
      continue;
    }
    const slash = spec.name.lastIndexOf('/');
    if (!expected.has(spec.name.slice(0, slash)) || !slots.includes(spec.name.slice(slash + 1))) {
      throw new ModelFormatError(`optimizer weight '${spec.name}' is not ${slots.length > 0 ? `a ${slots.join(' or ')} slot of one of the model's weights` : 'used by this optimizer'}`);
    }
  }
  const moments = (slot: string, scale: number): Pair[] => topology.layers.map((layer): Pair => {
    const read = (part: 'kernel' | 'bias'): Float32Array => {
      const name = `${layer.name}/${part}`;
      const shape = expected.get(name) as number[];
      if (!byName.has(`${name}/${slot}`)) return new Float32Array(shape.reduce((a, b) => a * b, 1));
      const values = floats(`${name}/${slot}`, shape, 'optimizer state');
      return scale === 1 ? values : values.map((x) => x * scale);
    };
    return [read('kernel'), read('bias')];
  });
  if (!optimizer) return { params, step };
  if (optimizer.code === 0) return { params, m: moments('m', 1), v: moments('v', 1), step };
  if (slots.length > 0) return { params, m: moments('momentum', -optimizer.learningRate), step };
  return { params, step };
}

function readSpec(value: unknown, i: number): WeightSpec {
  const spec = requireRecord(value, `weight entry ${i + 1}`);
  const name = requireString(field(spec, 'name'), `weight entry ${i + 1}'s name`);
  const what = `weight '${name}'`;
  if (field(spec, 'quantization') !== undefined) throw new ModelFormatError(`${what} is quantized; wasmlp takes float32 weights`);
  onlyKeys(spec, ['name', 'shape', 'dtype', 'group'], what);
  const shape = requireArray(field(spec, 'shape'), `${what}'s shape`);
  if (shape.length > 2) throw new ModelFormatError(`${what} has ${shape.length} dimensions; Dense weights have at most 2`);
  const sizes = shape.map((size, d) => requireCount(size, `${what}'s dimension ${d + 1}`, 0, MAX_UNITS));
  const dtype = field(spec, 'dtype');
  const group = field(spec, 'group');
  if (group !== undefined && group !== 'model' && group !== 'optimizer') throw new ModelFormatError(`${what} has the group ${describe(group)} (expected 'model' or 'optimizer')`);
  // TensorFlow.js writes the optimiser's step count as an int32 scalar; everything else is float32.
  const intStep = name === 'iter' && group === 'optimizer' && dtype === 'int32' && sizes.length === 0;
  if (dtype !== 'float32' && !intStep) throw new ModelFormatError(`${what} is ${describe(dtype)}; wasmlp takes float32 weights`);
  return { name, shape: sizes, dtype: dtype as WeightSpec['dtype'], ...(group !== undefined ? { group: group as WeightSpec['group'] } : {}) };
}

function readStep(spec: WeightSpec, offset: number, data: ArrayBuffer): number {
  if (spec.shape.length !== 0) throw new ModelFormatError(`optimizer weight 'iter' must be a scalar, got shape [${spec.shape.join(', ')}]`);
  const step = spec.dtype === 'int32' ? new Int32Array(data, offset, 1)[0] : new Float32Array(data, offset, 1)[0];
  if (!Number.isInteger(step) || step < 0) throw new ModelFormatError(`optimizer weight 'iter' holds ${step}; a step count is a whole number of at least 0`);
  return step;
}

// The weight data as one buffer of exactly the bytes the specs describe.
function weightBytes(value: unknown, bytes: number): ArrayBuffer {
  const parts = Array.isArray(value) ? value : [value];
  const views = parts.map((part, i) => {
    if (isArrayBuffer(part)) return new Uint8Array(part);
    if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    throw new ModelFormatError(`weightData${Array.isArray(value) ? ` part ${i + 1}` : ''} must be an ArrayBuffer, got ${describe(part)}`);
  });
  const total = views.reduce((sum, view) => sum + view.byteLength, 0);
  if (total !== bytes) {
    throw new ModelFormatError(`the weight data hold ${plural(total, 'byte')}, but the weight entries describe ${bytes}: the weights file is ${total < bytes ? 'too short' : 'too long'}`);
  }
  if (views.length === 1 && views[0].byteOffset === 0 && views[0].byteLength === views[0].buffer.byteLength && isArrayBuffer(views[0].buffer)) return views[0].buffer;
  const out = new Uint8Array(total);
  let at = 0;
  for (const view of views) {
    out.set(view, at);
    at += view.byteLength;
  }
  return out.buffer;
}

// instanceof fails for a buffer made in another realm (a worker, a vm context).
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}
