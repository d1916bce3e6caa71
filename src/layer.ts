// A dense layer of a model: its shape, its trainable flag and its per-parameter
// trainable mask, both read by the kernels at every step.
import { L_TRAINABLE, L_MASKED } from './descriptor.js';
import type { Arena } from './arena.js';
import type { Activation } from './config.js';
import { plural } from './units.js';

/** A dense layer's description, before it belongs to a model. */
export interface DenseSpec {
  units: number;
  activation: Activation;
  /** The layer's name in saved models and weight names; dense_1, dense_2, ... by default. */
  name?: string;
  /** Whether it trains from the start (default true); the same as setting layer.trainable later. */
  trainable?: boolean;
}

/** Describes a dense layer of `units` outputs: y = activation(x . kernel + bias). */
export function dense(units: number, activation: Activation = 'linear', options: { name?: string; trainable?: boolean } = {}): DenseSpec {
  return { units, activation, ...options };
}

/** A per-parameter mask: 1 trains, 0 freezes; a single number applies to the whole part. */
export interface TrainableMask { kernel?: number | ArrayLike<number>; bias?: number | ArrayLike<number> }

export class DenseLayer {
  constructor(
    private readonly arena: Arena,
    /** Position in the model, from 0. */
    readonly index: number,
    readonly inputs: number,
    readonly units: number,
    readonly activation: Activation,
    /** Unique within the model: 'dense_1', or the name it was given or loaded with. */
    readonly name: string,
  ) {
    this.trainable = true;
  }

  /** Whether the optimiser updates this layer; a change applies from the next training step. */
  get trainable(): boolean {
    return this.arena.i32()[this.arena.layerWord(this.index) + L_TRAINABLE] !== 0;
  }

  set trainable(value: boolean) {
    this.arena.i32()[this.arena.layerWord(this.index) + L_TRAINABLE] = value ? 1 : 0;
  }

  /** Kernel and bias sizes: inputs x units and units. */
  get paramCount(): number {
    return (this.inputs + 1) * this.units;
  }

  /** Parameters the optimiser updates: none when frozen, else those whose mask is 1. */
  get trainableParamCount(): number {
    if (!this.trainable) return 0;
    const f32 = this.arena.f32();
    const start = this.paramIndex(this.arena.mask);
    let count = 0;
    for (let i = 0; i < this.paramCount; i++) if (f32[start + i] !== 0) count++;
    return count;
  }

  /** Sets which parameters train (1) and which stay frozen (0); a part left out trains wholly. */
  setTrainableMask(mask: TrainableMask): void {
    for (const key of Object.keys(mask)) {
      if (key !== 'kernel' && key !== 'bias') throw new RangeError(`setTrainableMask takes 'kernel' and 'bias', got '${key}'`);
    }
    const kernelSize = this.inputs * this.units;
    const values = new Float32Array(this.paramCount);
    fillMask(values, 0, kernelSize, mask.kernel ?? 1, 'kernel');
    fillMask(values, kernelSize, this.units, mask.bias ?? 1, 'bias');
    this.arena.f32().set(values, this.paramIndex(this.arena.mask));
    this.arena.i32()[this.arena.layerWord(this.index) + L_MASKED] = values.includes(0) ? 1 : 0;
  }

  /** The current mask, as kernel (inputs x units, row-major) and bias arrays of 0 and 1. */
  getTrainableMask(): { kernel: Float32Array; bias: Float32Array } {
    const [kernel, bias] = this.read(this.arena.mask);
    return { kernel, bias };
  }

  /** Kernel (inputs x units, row-major) and bias, copied out of the arena. */
  getWeights(): [Float32Array, Float32Array] {
    return this.read(this.arena.params);
  }

  /** Replaces kernel and bias; lengths must match and every value must be a finite float32. */
  setWeights(kernel: ArrayLike<number>, bias: ArrayLike<number>): void {
    this.writeRegion(this.arena.params, kernel, bias, 'weight');
  }

  /** Checks, then writes kernel and bias into a parameter-shaped region (weights, moments). */
  writeRegion(region: number, kernel: ArrayLike<number>, bias: ArrayLike<number>, what: string): void {
    if (kernel.length !== this.inputs * this.units || bias.length !== this.units) {
      throw new RangeError(
        `layer ${this.index + 1} expects a kernel of ${this.inputs}x${this.units} and a bias of ${this.units}, got ${kernel.length} and ${bias.length} values`,
      );
    }
    checkFinite(kernel, `layer ${this.index + 1} kernel ${what}`);
    checkFinite(bias, `layer ${this.index + 1} bias ${what}`);
    const f32 = this.arena.f32();
    const start = this.paramIndex(region);
    f32.set(kernel, start);
    f32.set(bias, start + kernel.length);
  }

  /** Element index of this layer's first parameter inside a parameter-shaped region. */
  paramIndex(region: number): number {
    return (region + this.arena.paramOffsets[this.index]) >> 2;
  }

  /** Copies kernel and bias out of a parameter-shaped region (weights, gradients, moments, mask). */
  read(region: number): [Float32Array, Float32Array] {
    const f32 = this.arena.f32();
    const start = this.paramIndex(region);
    const kernelSize = this.inputs * this.units;
    return [f32.slice(start, start + kernelSize), f32.slice(start + kernelSize, start + kernelSize + this.units)];
  }
}

// A value float32 cannot hold (NaN, an infinity, or beyond 3.4e38, which rounds to one) is refused.
function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) {
      throw new RangeError(`${what} ${i} is ${String(value)}, not a finite float32 number`);
    }
  }
}

function fillMask(target: Float32Array, at: number, size: number, mask: number | ArrayLike<number>, part: string): void {
  if (typeof mask === 'number') {
    if (mask !== 0 && mask !== 1) throw new RangeError(`a ${part} mask holds 0 or 1, got ${mask}`);
    target.fill(mask, at, at + size);
    return;
  }
  if (mask.length !== size) throw new RangeError(`a ${part} mask needs ${plural(size, 'value')}, got ${mask.length}`);
  for (let i = 0; i < size; i++) {
    const value = mask[i];
    if (value !== 0 && value !== 1) throw new RangeError(`a ${part} mask holds 0 or 1, got ${value} at ${i}`);
    target[at + i] = value;
  }
}
