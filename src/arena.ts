// The arena: one block of memory per model (wasm linear memory, or an
// ArrayBuffer for the JS backend) holding the descriptor, every parameter,
// gradient, optimiser moment and mask, the activations of one batch, and the data.
// The host lays it out once; training then allocates nothing.
import {
  HEADER_WORDS, LAYER_WORDS, H_LAYERS, H_INPUTS, H_MAX_BATCH, H_PARAMS, H_GRADS, H_MOMENT1, H_MOMENT2, H_MASK,
  H_INPUT_BATCH, H_TARGET_BATCH, H_TARGET_WIDTH, H_DATA_X, H_DATA_Y, H_ORDER, H_SCRATCH,
  L_INPUTS, L_UNITS, L_ACTIVATION, L_PARAM_OFFSET, L_Z, L_A, L_DELTA,
} from './descriptor.js';
import type { Engine } from './backends/backend.js';
import { formatBytes, plural } from './units.js';

/** A dense layer's shape as the kernels see it. */
export interface LayerShape { inputs: number; units: number; activation: number }

const ALIGN = 16;
const align = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN;

/**
 * Byte addresses of one slot's data: samples x, targets y, the epoch's order (fit
 * slot only) and the outputs (call slot only); 0 where the slot has no such region.
 */
export interface Staging { x: number; y: number; order: number; out: number; rows: number }

/**
 * Where staged samples live. 'fit' holds what a running fit trains and validates on;
 * 'call' holds one evaluate, predict or gradients call's samples. Kept apart so that a
 * call made during a fit (from a callback) never moves or overwrites the fit's data.
 */
export type Slot = 'fit' | 'call';

/**
 * The most bytes an arena may span: 2 GiB. The descriptor holds addresses in int32 words and
 * the host and the js kernels index views with `address >> 2`, so an address must stay below
 * 2^31 (wasm32's 4 GiB would fit the memory but not the addresses: past 2 GiB a copy fails
 * with "offset is out of bounds").
 */
export const MAX_ARENA_BYTES = 2 ** 31;

/** Refuses a layout larger than an arena can hold, naming what it holds, before anything is allocated. */
export function checkArenaBytes(bytes: number, what: string): void {
  if (bytes > MAX_ARENA_BYTES) {
    throw new RangeError(`${what} needs ${formatBytes(bytes)} of memory, more than the ${formatBytes(MAX_ARENA_BYTES)} a model's arena can hold`);
  }
}

/** Bytes of the descriptor and the five parameter-shaped regions of a model of these shapes, from `base`. */
export function fixedArenaBytes(base: number, layers: readonly { inputs: number; units: number }[]): number {
  let regionBytes = 0;
  for (const layer of layers) regionBytes += align((layer.inputs + 1) * layer.units * 4);
  return align(base) + align((HEADER_WORDS + layers.length * LAYER_WORDS) * 4) + 5 * regionBytes;
}

/**
 * Bytes a model of these shapes spans from `base` once it holds `fitRows` samples for fit and
 * `callRows` for a call, in batches of `maxBatch`: what Arena lays out, so a front end can
 * check (checkArenaBytes) before it makes a model or starts a thread.
 */
export function arenaBytes(
  base: number, inputSize: number, layers: readonly { inputs: number; units: number }[],
  data: { maxBatch: number; fitRows: number; callRows?: number; targetWidth: number },
): number {
  return stagingLayout(fixedArenaBytes(base, layers), inputSize, layers, data.maxBatch, data.fitRows, data.callRows ?? 0, data.targetWidth).end;
}

const EMPTY: Staging = { x: 0, y: 0, order: 0, out: 0, rows: 0 };

// Batch buffers, then the fit slot, then the call slot, from `at` (the end of the fixed part).
// Sizes only grow, so every region's new address is at or above its old one (moveFitData relies on it).
function stagingLayout(
  at: number, inputSize: number, layers: readonly { inputs: number; units: number }[],
  maxBatch: number, fitRows: number, callRows: number, targetWidth: number,
) {
  const outUnits = layers[layers.length - 1].units;
  // Room for a transposed kernel or a transposed batch of a layer's inputs.
  const scratch = at;
  at += align(Math.max(...layers.map((l) => l.inputs * Math.max(l.units, maxBatch))) * 4);
  const inputBatch = at; at += align(maxBatch * inputSize * 4);
  const targetBatch = at; at += align(maxBatch * targetWidth * 4);
  const perLayer = layers.map((layer) => {
    const bytes = align(maxBatch * layer.units * 4);
    const z = at; at += bytes;
    const a = at; at += bytes;
    const delta = at; at += bytes;
    return { z, a, delta };
  });
  const fit: Staging = { ...EMPTY, rows: fitRows };
  if (fitRows > 0) {
    fit.x = at; at += align(fitRows * inputSize * 4);
    fit.y = at; at += align(fitRows * targetWidth * 4);
    fit.order = at; at += align(fitRows * 4);
  }
  const call: Staging = { ...EMPTY, rows: callRows };
  if (callRows > 0) {
    call.x = at; at += align(callRows * inputSize * 4);
    call.y = at; at += align(callRows * targetWidth * 4);
    call.out = at; at += align(callRows * outUnits * 4);
  }
  return { maxBatch, scratch, inputBatch, targetBatch, perLayer, fit, call, end: at };
}

export class Arena {
  readonly desc: number;
  readonly params: number;
  readonly grads: number;
  readonly moment1: number;
  readonly moment2: number;
  readonly mask: number;
  /** Byte offset of each layer's kernel inside every parameter-shaped region; its bias follows the kernel. */
  readonly paramOffsets: readonly number[];
  /** Floats in every parameter-shaped region, padding included. */
  readonly paramFloats: number;
  private readonly fixedEnd: number;
  private maxBatch = 0;
  private targetWidth = 0;
  private slots: Record<Slot, Staging> = { fit: EMPTY, call: EMPTY };
  /** While true, the fit slot's samples, targets and order survive a new layout (they are copied along). */
  private fitPinned = false;
  private viewBuffer: ArrayBuffer | null = null;
  private released = false;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);
  private f64View = new Float64Array(0);

  constructor(readonly engine: Engine, readonly inputSize: number, readonly layers: readonly LayerShape[]) {
    const end = fixedArenaBytes(engine.base, layers);
    checkArenaBytes(end, `a model of ${layers.map((l) => l.units).join('-')} units on ${inputSize} inputs`);
    let at = align(engine.base);
    this.desc = at;
    at += align((HEADER_WORDS + layers.length * LAYER_WORDS) * 4);
    const offsets: number[] = [];
    let regionBytes = 0;
    for (const layer of layers) {
      offsets.push(regionBytes);
      regionBytes += align((layer.inputs + 1) * layer.units * 4);
    }
    this.paramOffsets = offsets;
    this.paramFloats = regionBytes / 4;
    this.params = at; at += regionBytes;
    this.grads = at; at += regionBytes;
    this.moment1 = at; at += regionBytes;
    this.moment2 = at; at += regionBytes;
    this.mask = at; at += regionBytes;
    this.fixedEnd = at;
    engine.ensure(at);
    // A reused engine still holds an earlier model's numbers; the kernels expect zeros.
    new Uint8Array(engine.buffer, this.desc, at - this.desc).fill(0);
    const i32 = this.i32();
    const d = this.desc >> 2;
    i32[d + H_LAYERS] = layers.length;
    i32[d + H_INPUTS] = inputSize;
    i32[d + H_PARAMS] = this.params;
    i32[d + H_GRADS] = this.grads;
    i32[d + H_MOMENT1] = this.moment1;
    i32[d + H_MOMENT2] = this.moment2;
    i32[d + H_MASK] = this.mask;
    layers.forEach((layer, l) => {
      const rec = this.layerWord(l);
      i32[rec + L_INPUTS] = layer.inputs;
      i32[rec + L_UNITS] = layer.units;
      i32[rec + L_ACTIVATION] = layer.activation;
      i32[rec + L_PARAM_OFFSET] = offsets[l];
    });
    this.f32().fill(1, this.mask >> 2, (this.mask >> 2) + this.paramFloats);
  }

  /** Word index of a layer's record in the i32 view. */
  layerWord(layer: number): number {
    return (this.desc >> 2) + HEADER_WORDS + layer * LAYER_WORDS;
  }

  /** The slot's current addresses (they change when a later reserve lays the arena out anew). */
  staging(slot: Slot): Staging {
    return this.slots[slot];
  }

  /** Keeps the fit slot's data in place across layouts while a fit runs (see Slot). */
  pinFit(pinned: boolean): void {
    this.fitPinned = pinned;
  }

  /**
   * Makes room in a slot for rows samples and for batches of maxBatch rows; keeps what is
   * larger already. A new layout copies a pinned fit slot's data to its new place.
   */
  reserve(slot: Slot, maxBatch: number, rows: number, targetWidth: number): Staging {
    const current = this.slots[slot];
    if (maxBatch <= this.maxBatch && rows <= current.rows && targetWidth === this.targetWidth) return current;
    if (this.fitPinned && targetWidth !== this.targetWidth) throw new Error('the targets\' width cannot change while fit runs');
    const wanted = { ...this.slots, [slot]: { ...current, rows: Math.max(rows, current.rows) } };
    const layout = this.layout(Math.max(maxBatch, this.maxBatch), wanted.fit.rows, wanted.call.rows, targetWidth);
    checkArenaBytes(layout.end, `${plural(rows, 'sample')} of ${plural(this.inputSize, 'feature')} in batches of ${maxBatch}`);
    this.engine.ensure(layout.end);
    if (this.fitPinned) this.moveFitData(this.slots.fit, layout.fit);
    const i32 = this.i32();
    const d = this.desc >> 2;
    i32[d + H_MAX_BATCH] = layout.maxBatch;
    i32[d + H_TARGET_WIDTH] = targetWidth;
    i32[d + H_SCRATCH] = layout.scratch;
    i32[d + H_INPUT_BATCH] = layout.inputBatch;
    i32[d + H_TARGET_BATCH] = layout.targetBatch;
    i32[d + H_DATA_X] = layout.fit.x;
    i32[d + H_DATA_Y] = layout.fit.y;
    i32[d + H_ORDER] = layout.fit.order;
    layout.perLayer.forEach((buffers, l) => {
      const rec = this.layerWord(l);
      i32[rec + L_Z] = buffers.z;
      i32[rec + L_A] = buffers.a;
      i32[rec + L_DELTA] = buffers.delta;
    });
    this.maxBatch = layout.maxBatch;
    this.targetWidth = targetWidth;
    this.slots = { fit: layout.fit, call: layout.call };
    return this.slots[slot];
  }

  private layout(maxBatch: number, fitRows: number, callRows: number, targetWidth: number) {
    return stagingLayout(this.fixedEnd, this.inputSize, this.layers, maxBatch, fitRows, callRows, targetWidth);
  }

  // Copies the fit slot's regions, highest first, so no region is overwritten before it moved.
  private moveFitData(from: Staging, to: Staging): void {
    if (from.rows === 0) return;
    const bytes = new Uint8Array(this.engine.buffer);
    const sizes = { x: from.rows * this.inputSize * 4, y: from.rows * this.targetWidth * 4, order: from.rows * 4 };
    for (const region of ['order', 'y', 'x'] as const) {
      if (to[region] !== from[region]) bytes.copyWithin(to[region], from[region], from[region] + sizes[region]);
    }
  }

  /** A float view of the whole arena, re-created when the memory has grown. */
  f32(): Float32Array { this.refresh(); return this.f32View; }
  /** An int view of the whole arena, re-created when the memory has grown. */
  i32(): Int32Array { this.refresh(); return this.i32View; }
  /** A double view of the whole arena, re-created when the memory has grown. */
  f64(): Float64Array { this.refresh(); return this.f64View; }

  /** Hands the memory back to the backend; the arena must not be used again. */
  release(backend: { releaseEngine(engine: Engine): void }): void {
    if (this.released) return;
    this.released = true;
    backend.releaseEngine(this.engine);
  }

  // A grown wasm memory detaches its old ArrayBuffer, so views are rebuilt whenever the buffer changes.
  private refresh(): void {
    if (this.released) throw new Error('this model was disposed; its memory now serves another model');
    const buffer = this.engine.buffer;
    if (buffer === this.viewBuffer) return;
    this.viewBuffer = buffer;
    this.f32View = new Float32Array(buffer);
    this.i32View = new Int32Array(buffer);
    this.f64View = new Float64Array(buffer);
  }
}
