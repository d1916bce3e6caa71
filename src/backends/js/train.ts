// Training orchestration over the arena descriptor: the plain-JS mirror of assembly/train.ts.
// Pointers in the descriptor are byte offsets; the views index elements, hence `>> 2`.
import {
  HEADER_WORDS, LAYER_WORDS,
  H_LAYERS, H_INPUTS, H_LOSS, H_METRIC, H_MAX_BATCH, H_OPTIMIZER, H_STEP, H_PARAMS, H_GRADS,
  H_MOMENT1, H_MOMENT2, H_MASK, H_INPUT_BATCH, H_TARGET_BATCH, H_TARGET_WIDTH, H_DATA_X, H_DATA_Y,
  H_ORDER, H_SCRATCH, H_LR, H_BETA1, H_BETA2, H_EPSILON, H_MOMENTUM, H_NESTEROV,
  H_ONE_MINUS_BETA1, H_ONE_MINUS_BETA2, H_OUT_LOSS, H_OUT_METRIC,
  L_INPUTS, L_UNITS, L_ACTIVATION, L_TRAINABLE, L_MASKED, L_PARAM_OFFSET, L_Z, L_A, L_DELTA, L_GRAD_NORM,
  OPT_ADAM, LOSS_BCE,
} from '../../descriptor.js';
import { matmul, denseGradients, transpose } from './matmul.js';
import { activate, activationBackward } from './activations.js';
import { outputLoss, type BatchSums } from './loss.js';
import { adamUpdate, sgdUpdate } from './optimizers.js';

/** Typed views over one arena buffer. */
export interface ArenaViews { f32: Float32Array; i32: Int32Array; f64: Float64Array }

const f = Math.fround;
const sums: BatchSums = { loss: 0, metric: 0 };

/** One epoch over order[0..count) in batches: forward, loss, backward, update. */
export function trainEpoch(mem: ArenaViews, desc: number, count: number, batchSize: number): void {
  const { f32, i32 } = mem;
  const d = desc >> 2;
  const inputs = i32[d + H_INPUTS];
  const targetWidth = i32[d + H_TARGET_WIDTH];
  const order = i32[d + H_ORDER] >> 2;
  const dataX = i32[d + H_DATA_X] >> 2;
  const dataY = i32[d + H_DATA_Y] >> 2;
  const inputBatch = i32[d + H_INPUT_BATCH] >> 2;
  const targetBatch = i32[d + H_TARGET_BATCH] >> 2;
  for (let start = 0; start < count; start += batchSize) {
    const rows = Math.min(batchSize, count - start);
    for (let r = 0; r < rows; r++) {
      const sample = i32[order + start + r];
      f32.copyWithin(inputBatch + r * inputs, dataX + sample * inputs, dataX + (sample + 1) * inputs);
      f32.copyWithin(targetBatch + r * targetWidth, dataY + sample * targetWidth, dataY + (sample + 1) * targetWidth);
    }
    const lowest = lowestTrainable(i32, d);
    forward(mem, d, inputBatch, rows, !lossActivates(i32, d));
    lossAndDelta(mem, d, targetBatch, rows, lowest >= 0);
    addOutputs(mem, d);
    if (lowest >= 0) {
      backward(mem, d, inputBatch, rows, lowest);
      update(mem, d, true);
    } else {
      i32[d + H_STEP]++;
    }
  }
}

/** Gradients of the loss on rows samples at byte offsets x and y, for every trainable layer, with no update. */
export function computeGradients(mem: ArenaViews, desc: number, x: number, y: number, rows: number): void {
  const d = desc >> 2;
  const lowest = lowestTrainable(mem.i32, d);
  forward(mem, d, x >> 2, rows, !lossActivates(mem.i32, d));
  lossAndDelta(mem, d, y >> 2, rows, lowest >= 0);
  addOutputs(mem, d);
  if (lowest >= 0) backward(mem, d, x >> 2, rows, lowest);
}

/** Applies the stored gradients once, as a training step would. */
export function applyGradients(mem: ArenaViews, desc: number): void {
  update(mem, desc >> 2, false);
}

/** Adds loss and metric sums over count samples, in batches of at most maxBatch. */
export function evaluate(mem: ArenaViews, desc: number, x: number, y: number, count: number): void {
  const { i32 } = mem;
  const d = desc >> 2;
  const maxBatch = i32[d + H_MAX_BATCH];
  const inputs = i32[d + H_INPUTS];
  const targetWidth = i32[d + H_TARGET_WIDTH];
  for (let start = 0; start < count; start += maxBatch) {
    const rows = Math.min(maxBatch, count - start);
    forward(mem, d, (x >> 2) + start * inputs, rows, !lossActivates(i32, d));
    lossAndDelta(mem, d, (y >> 2) + start * targetWidth, rows, false);
    addOutputs(mem, d);
  }
}

/** Writes the output activations of count samples at x to out. */
export function predict(mem: ArenaViews, desc: number, x: number, out: number, count: number): void {
  const { f32, i32 } = mem;
  const d = desc >> 2;
  const maxBatch = i32[d + H_MAX_BATCH];
  const inputs = i32[d + H_INPUTS];
  const last = layerRecord(d, i32[d + H_LAYERS] - 1);
  const units = i32[last + L_UNITS];
  const a = i32[last + L_A] >> 2;
  for (let start = 0; start < count; start += maxBatch) {
    const rows = Math.min(maxBatch, count - start);
    forward(mem, d, (x >> 2) + start * inputs, rows);
    f32.copyWithin((out >> 2) + start * units, a, a + rows * units);
  }
}

function layerRecord(d: number, layer: number): number {
  return d + HEADER_WORDS + layer * LAYER_WORDS;
}

// Binary cross-entropy computes its sigmoid output itself, sharing one exp with the loss.
function lossActivates(i32: Int32Array, d: number): boolean {
  return i32[d + H_LOSS] === LOSS_BCE;
}

function lowestTrainable(i32: Int32Array, d: number): number {
  const layers = i32[d + H_LAYERS];
  for (let l = 0; l < layers; l++) if (i32[layerRecord(d, l) + L_TRAINABLE]) return l;
  return -1;
}

function forward(mem: ArenaViews, d: number, input: number, rows: number, outputActivation = true): void {
  const { f32, i32 } = mem;
  const layers = i32[d + H_LAYERS];
  const params = i32[d + H_PARAMS] >> 2;
  let source = input;
  for (let l = 0; l < layers; l++) {
    const rec = layerRecord(d, l);
    const inputs = i32[rec + L_INPUTS];
    const units = i32[rec + L_UNITS];
    const kernel = params + (i32[rec + L_PARAM_OFFSET] >> 2);
    const z = i32[rec + L_Z] >> 2;
    const a = i32[rec + L_A] >> 2;
    matmul(f32, source, kernel, kernel + inputs * units, z, rows, inputs, units);
    if (l < layers - 1 || outputActivation) activate(f32, z, a, rows, units, i32[rec + L_ACTIVATION]);
    source = a;
  }
}

function lossAndDelta(mem: ArenaViews, d: number, y: number, rows: number, withDelta: boolean): void {
  const { f32, i32 } = mem;
  const last = layerRecord(d, i32[d + H_LAYERS] - 1);
  outputLoss(
    f32, i32[d + H_LOSS], i32[d + H_METRIC], i32[last + L_ACTIVATION],
    i32[last + L_Z] >> 2, i32[last + L_A] >> 2, y, withDelta ? i32[last + L_DELTA] >> 2 : -1,
    rows, i32[last + L_UNITS], i32[d + H_TARGET_WIDTH], sums,
  );
}

function addOutputs(mem: ArenaViews, d: number): void {
  mem.f64[(d + H_OUT_LOSS) >> 1] += sums.loss;
  mem.f64[(d + H_OUT_METRIC) >> 1] += sums.metric;
}

function backward(mem: ArenaViews, d: number, input: number, rows: number, lowest: number): void {
  const { f32, i32 } = mem;
  const params = i32[d + H_PARAMS] >> 2;
  const grads = i32[d + H_GRADS] >> 2;
  const scratch = i32[d + H_SCRATCH] >> 2;
  for (let l = i32[d + H_LAYERS] - 1; l >= lowest; l--) {
    const rec = layerRecord(d, l);
    const inputs = i32[rec + L_INPUTS];
    const units = i32[rec + L_UNITS];
    const delta = i32[rec + L_DELTA] >> 2;
    const offset = i32[rec + L_PARAM_OFFSET] >> 2;
    const below = l > 0 ? layerRecord(d, l - 1) : 0;
    const source = l > 0 ? i32[below + L_A] >> 2 : input;
    if (i32[rec + L_TRAINABLE]) {
      denseGradients(f32, source, delta, grads + offset, grads + offset + inputs * units, rows, inputs, units);
    }
    if (l > lowest) {
      transpose(f32, params + offset, scratch, inputs, units);
      const deltaBelow = i32[below + L_DELTA] >> 2;
      matmul(f32, delta, scratch, -1, deltaBelow, rows, units, inputs);
      activationBackward(f32, source, deltaBelow, rows, inputs, i32[below + L_ACTIVATION]);
    }
  }
}

function update(mem: ArenaViews, d: number, logNorms: boolean): void {
  const { f32, i32, f64 } = mem;
  const t = ++i32[d + H_STEP];
  const params = i32[d + H_PARAMS] >> 2;
  const grads = i32[d + H_GRADS] >> 2;
  const moment1 = i32[d + H_MOMENT1] >> 2;
  const moment2 = i32[d + H_MOMENT2] >> 2;
  const masks = i32[d + H_MASK] >> 2;
  const adam = i32[d + H_OPTIMIZER] === OPT_ADAM;
  const lr = f32[d + H_LR];
  let alpha = 0;
  if (adam) {
    const beta1Power = f(Math.pow(f32[d + H_BETA1], t));
    const beta2Power = f(Math.pow(f32[d + H_BETA2], t));
    alpha = f(f(lr * f(Math.sqrt(f(1 - beta2Power)))) / f(1 - beta1Power));
  }
  const layers = i32[d + H_LAYERS];
  for (let l = 0; l < layers; l++) {
    const rec = layerRecord(d, l);
    if (!i32[rec + L_TRAINABLE]) continue;
    const offset = i32[rec + L_PARAM_OFFSET] >> 2;
    const count = (i32[rec + L_INPUTS] + 1) * i32[rec + L_UNITS];
    const mask = i32[rec + L_MASKED] ? masks + offset : -1;
    const squares = adam
      ? adamUpdate(f32, params + offset, grads + offset, moment1 + offset, moment2 + offset, mask, count,
        alpha, f32[d + H_ONE_MINUS_BETA1], f32[d + H_ONE_MINUS_BETA2], f32[d + H_EPSILON])
      : sgdUpdate(f32, params + offset, grads + offset, moment1 + offset, mask, count,
        lr, f32[d + H_MOMENTUM], i32[d + H_NESTEROV] !== 0);
    if (logNorms) f64[(rec + L_GRAD_NORM) >> 1] += Math.sqrt(squares);
  }
}
