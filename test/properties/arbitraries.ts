// fast-check generators shared by the property tests: random architectures (1 to 5
// dense layers, widths 1 to 70, every activation and loss the core supports), data
// sets with batch sizes of 1 or ones that leave a partial last batch, and random
// frozen layers and per-parameter masks. Runs are seeded: the same seed, the same cases.
import fc from 'fast-check';
import { Sequential, dense, type Activation, type Backend, type CompileOptions, type LossName } from '../../src/index.js';
import { randomLabels, randomMatrix } from '../helpers.js';

/** The fixed seed of every property (override with FC_SEED=...); fast-check prints it, with the path, on failure. */
export const SEED = Number(process.env.FC_SEED ?? 20261129);

/** FC_RUNS_SCALE=10 runs every property ten times as often, to search further than CI does. */
const SCALE = Number(process.env.FC_RUNS_SCALE ?? 1);

/** fast-check's parameters for a property of `numRuns` runs (times FC_RUNS_SCALE). */
export function runs<T = unknown>(numRuns: number): fc.Parameters<T> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), endOnFailure: true };
}

/**
 * fc.assert with the failing assertion's own message appended to fast-check's report
 * (which names the seed, the path and the counterexample), so CI logs show both.
 */
export async function check<T>(property: fc.IAsyncProperty<T> | fc.IProperty<T>, parameters: fc.Parameters<T>): Promise<void> {
  try {
    await fc.assert(property as fc.IAsyncProperty<T>, parameters);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) (error as Error).message += `\nCause: ${cause.message}`;
    throw error;
  }
}

export const HIDDEN_ACTIVATIONS: Activation[] = ['linear', 'relu', 'sigmoid', 'tanh'];
export const LOSSES: LossName[] = ['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError'];

export interface Arch {
  inputs: number;
  layers: { units: number; activation: Activation }[];
  loss: LossName;
}

/** Output activation for a loss: sigmoid for BCE, softmax for the cross-entropies, any for MSE. */
function outputActivation(loss: LossName): fc.Arbitrary<Activation> {
  if (loss === 'binaryCrossentropy') return fc.constant('sigmoid');
  if (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') return fc.constant('softmax');
  return fc.constantFrom<Activation>('linear', 'relu', 'sigmoid', 'tanh', 'softmax');
}

/** 1 to maxLayers dense layers of 1 to maxWidth units; softmax only at the output. */
export function archArb(maxWidth = 70, maxLayers = 5): fc.Arbitrary<Arch> {
  return fc.constantFrom(...LOSSES).chain((loss) => fc.record({
    inputs: fc.integer({ min: 1, max: maxWidth }),
    hidden: fc.array(fc.record({ units: fc.integer({ min: 1, max: maxWidth }), activation: fc.constantFrom(...HIDDEN_ACTIVATIONS) }), { maxLength: maxLayers - 1 }),
    output: fc.record({ units: fc.integer({ min: 1, max: maxWidth }), activation: outputActivation(loss) }),
  }).map(({ inputs, hidden, output }) => ({ inputs, layers: [...hidden, output], loss })));
}

export interface Freezing {
  /** Per layer: whether the whole layer is frozen. */
  frozen: boolean[];
  /** Per layer: null (all train) or a seed for a random kernel and bias mask. */
  masks: (number | null)[];
}

export function freezingArb(layers: number): fc.Arbitrary<Freezing> {
  return fc.record({
    frozen: fc.array(fc.boolean(), { minLength: layers, maxLength: layers }),
    masks: fc.array(fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null }), { minLength: layers, maxLength: layers }),
  });
}

export interface DataShape { rows: number; batchSize: number; seed: number }

/** 1 to maxRows samples; a batch of 1, or one that leaves a partial last batch (or exceeds the data). */
export function dataArb(maxRows = 60): fc.Arbitrary<DataShape> {
  return fc.record({ rows: fc.integer({ min: 1, max: maxRows }), pick: fc.nat(), one: fc.boolean(), seed: fc.integer({ min: 0, max: 1e6 }) }).map(({ rows, pick, one, seed }) => {
    if (one || rows === 1) return { rows, batchSize: 1, seed };
    // Sizes from 2 to rows + 1 that do not divide rows: the last batch is partial (or the one batch is all).
    const partial = Array.from({ length: rows }, (_, i) => i + 2).filter((b) => rows % b !== 0);
    return { rows, batchSize: partial[pick % partial.length], seed };
  });
}

export const compileArb: fc.Arbitrary<'adam' | 'sgd' | 'momentum'> = fc.constantFrom('adam', 'sgd', 'momentum');

export function compileOptions(arch: Arch, optimizer: 'adam' | 'sgd' | 'momentum'): CompileOptions {
  // Rates small enough that deep linear stacks of 70 units do not diverge within a few epochs.
  const spec = optimizer === 'adam' ? { type: 'adam' as const, learningRate: 0.001 }
    : { type: 'sgd' as const, learningRate: 0.002, momentum: optimizer === 'momentum' ? 0.5 : 0 };
  return { loss: arch.loss, optimizer: spec, metrics: ['accuracy'] };
}

/** Features and targets of the right form for the architecture's loss. */
export function dataFor(arch: Arch, rows: number, seed: number): { x: Float32Array; y: Float32Array } {
  const units = arch.layers[arch.layers.length - 1].units;
  const x = randomMatrix(rows, arch.inputs, seed);
  const labels = randomLabels(rows, units, seed);
  let y: Float32Array;
  if (arch.loss === 'sparseCategoricalCrossentropy') y = labels;
  else if (arch.loss === 'categoricalCrossentropy') {
    y = new Float32Array(rows * units);
    labels.forEach((label, r) => { y[r * units + label] = 1; });
  } else if (arch.loss === 'binaryCrossentropy') y = randomLabels(rows * units, 2, seed + 1);
  else y = randomMatrix(rows, units, seed + 2).map((v) => v * 0.5);
  return { x, y };
}

/** The model of an architecture, with its freezing applied, uncompiled. */
export function buildModel(arch: Arch, backend: Backend, seed: number, freezing?: Freezing): Sequential {
  const model = new Sequential({ inputSize: arch.inputs, layers: arch.layers.map((l) => dense(l.units, l.activation)), backend, seed });
  if (freezing) applyFreezing(model, freezing);
  return model;
}

export function applyFreezing(model: Sequential, freezing: Freezing): void {
  model.layers.forEach((layer, l) => {
    layer.trainable = !freezing.frozen[l];
    const maskSeed = freezing.masks[l];
    if (maskSeed === null) return;
    const bits = randomLabels(layer.paramCount, 2, maskSeed);
    const kernelSize = layer.inputs * layer.units;
    layer.setTrainableMask({ kernel: bits.subarray(0, kernelSize), bias: bits.subarray(kernelSize) });
  });
}

/** Every float of a list of arrays, as raw bits, for bit-for-bit comparison. */
export function bits(arrays: readonly Float32Array[]): number[] {
  return arrays.flatMap((a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length)));
}
