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

/** A dense layer's shape as the kernels see it. */
export interface LayerShape { inputs: number; units: number; activation: number }

const ALIGN = 16;
const align = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN;

/** Byte addresses of the regions that depend on the batch size and the data size. */
export interface Staging { x: number; y: number; order: number; out: number; rows: number }

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
  private staging: Staging = { x: 0, y: 0, order: 0, out: 0, rows: 0 };
  private viewBuffer: ArrayBuffer | null = null;
  private released = false;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);
  private f64View = new Float64Array(0);

  constructor(readonly engine: Engine, readonly inputSize: number, readonly layers: readonly LayerShape[]) {
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

  /** Makes room for batches of maxBatch rows and rows samples of data; keeps what is larger already. */
  reserve(maxBatch: number, rows: number, targetWidth: number): Staging {
    if (maxBatch <= this.maxBatch && rows <= this.staging.rows && targetWidth === this.targetWidth) return this.staging;
    maxBatch = Math.max(maxBatch, this.maxBatch);
    rows = Math.max(rows, this.staging.rows);
    const outUnits = this.layers[this.layers.length - 1].units;
    let at = this.fixedEnd;
    // Room for a transposed kernel or a transposed batch of a layer's inputs.
    const scratch = at;
    at += align(Math.max(...this.layers.map((l) => l.inputs * Math.max(l.units, maxBatch))) * 4);
    const inputBatch = at; at += align(maxBatch * this.inputSize * 4);
    const targetBatch = at; at += align(maxBatch * targetWidth * 4);
    const perLayer = this.layers.map((layer) => {
      const bytes = align(maxBatch * layer.units * 4);
      const z = at; at += bytes;
      const a = at; at += bytes;
      const delta = at; at += bytes;
      return { z, a, delta };
    });
    const staging: Staging = { x: at, y: 0, order: 0, out: 0, rows };
    at += align(rows * this.inputSize * 4);
    staging.y = at; at += align(rows * targetWidth * 4);
    staging.order = at; at += align(rows * 4);
    staging.out = at; at += align(rows * outUnits * 4);
    this.engine.ensure(at);
    const i32 = this.i32();
    const d = this.desc >> 2;
    i32[d + H_MAX_BATCH] = maxBatch;
    i32[d + H_TARGET_WIDTH] = targetWidth;
    i32[d + H_SCRATCH] = scratch;
    i32[d + H_INPUT_BATCH] = inputBatch;
    i32[d + H_TARGET_BATCH] = targetBatch;
    i32[d + H_DATA_X] = staging.x;
    i32[d + H_DATA_Y] = staging.y;
    i32[d + H_ORDER] = staging.order;
    perLayer.forEach((buffers, l) => {
      const rec = this.layerWord(l);
      i32[rec + L_Z] = buffers.z;
      i32[rec + L_A] = buffers.a;
      i32[rec + L_DELTA] = buffers.delta;
    });
    this.maxBatch = maxBatch;
    this.targetWidth = targetWidth;
    this.staging = staging;
    return staging;
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
