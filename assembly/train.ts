// Training orchestration over the arena descriptor: a whole epoch, an evaluation
// or a prediction is one call from the host, so nothing crosses between JS and
// wasm per layer or per step.
import {
  HEADER_WORDS, LAYER_WORDS,
  H_LAYERS, H_INPUTS, H_LOSS, H_METRIC, H_MAX_BATCH, H_OPTIMIZER, H_STEP, H_PARAMS, H_GRADS,
  H_MOMENT1, H_MOMENT2, H_MASK, H_INPUT_BATCH, H_TARGET_BATCH, H_TARGET_WIDTH, H_DATA_X, H_DATA_Y,
  H_ORDER, H_SCRATCH, H_LR, H_BETA1, H_BETA2, H_EPSILON, H_MOMENTUM, H_NESTEROV,
  H_ONE_MINUS_BETA1, H_ONE_MINUS_BETA2, H_OUT_LOSS, H_OUT_METRIC,
  L_INPUTS, L_UNITS, L_ACTIVATION, L_TRAINABLE, L_MASKED, L_PARAM_OFFSET, L_Z, L_A, L_DELTA, L_GRAD_NORM,
  OPT_ADAM, LOSS_BCE, ACT_LINEAR, ACT_RELU, ACT_SIGMOID, ACT_TANH,
  EPI_NONE, EPI_BIAS, EPI_BIAS_RELU, EPI_GRAD_RELU, EPI_GRAD_SIGMOID, EPI_GRAD_TANH,
} from "../src/descriptor";
import { matmul, matmulTransposedB } from "./matmul";
import { matmulTransposedA, columnSums } from "./matmul-transposed";
import { activate } from "./activations";
import { outputLoss, metricSum } from "./loss";
import { adamUpdate, sgdUpdate } from "./optimizers";

// @ts-ignore: decorator
@inline function word(desc: usize, index: i32): i32 { return load<i32>(desc + (<usize>index << 2)); }
// @ts-ignore: decorator
@inline function pointer(desc: usize, index: i32): usize { return <usize>load<i32>(desc + (<usize>index << 2)); }
// @ts-ignore: decorator
@inline function real(desc: usize, index: i32): f32 { return load<f32>(desc + (<usize>index << 2)); }
// @ts-ignore: decorator
@inline function layerRecord(desc: usize, layer: i32): usize {
  return desc + (<usize>(HEADER_WORDS + layer * LAYER_WORDS) << 2);
}

// Runs one epoch over order[0..count), batch by batch: forward, loss, backward, update.
// Adds each batch's loss x rows and metric to the outputs, and each trainable layer's
// per-step gradient norm to its record.
export function trainEpoch(desc: usize, count: i32, batchSize: i32): void {
  const inputs = word(desc, H_INPUTS);
  const targetWidth = word(desc, H_TARGET_WIDTH);
  const order = pointer(desc, H_ORDER);
  const dataX = pointer(desc, H_DATA_X);
  const dataY = pointer(desc, H_DATA_Y);
  const inputBatch = pointer(desc, H_INPUT_BATCH);
  const targetBatch = pointer(desc, H_TARGET_BATCH);
  const rowBytes = <usize>inputs << 2;
  const targetBytes = <usize>targetWidth << 2;
  for (let start = 0; start < count; start += batchSize) {
    const rows = min(batchSize, count - start);
    for (let r = 0; r < rows; r++) {
      const sample = <usize>load<i32>(order + (<usize>(start + r) << 2));
      copyFloats(inputBatch + <usize>r * rowBytes, dataX + sample * rowBytes, inputs);
      copyFloats(targetBatch + <usize>r * targetBytes, dataY + sample * targetBytes, targetWidth);
    }
    const lowest = lowestTrainable(desc);
    forward(desc, inputBatch, rows, !lossActivates(desc));
    addOutputs(desc, lossAndDelta(desc, targetBatch, rows, lowest >= 0));
    if (lowest >= 0) {
      backward(desc, inputBatch, rows, lowest);
      update(desc, true);
    } else {
      store<i32>(desc + (<usize>H_STEP << 2), word(desc, H_STEP) + 1);
    }
  }
}

// Copies a short row of floats. memory.copy is a call into the runtime in V8, which for
// rows of a few dozen floats cost more than the copy; a vector loop is inlined, and a row
// of 4 floats or more ends with one vector that overlaps the last full one (rewriting a
// few floats with their own values) instead of a scalar loop.
// @ts-ignore: decorator
@inline function copyFloats(dst: usize, src: usize, count: i32): void {
  if (count >= 4) {
    const last = <usize>(count - 4) << 2;
    for (let at: usize = 0; at < last; at += 16) v128.store(dst + at, v128.load(src + at));
    v128.store(dst + last, v128.load(src + last));
  } else {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
  }
}

// Gradients of the loss on rows samples of x and y, for every trainable layer, with no update.
export function computeGradients(desc: usize, x: usize, y: usize, rows: i32): void {
  const lowest = lowestTrainable(desc);
  forward(desc, x, rows, !lossActivates(desc));
  addOutputs(desc, lossAndDelta(desc, y, rows, lowest >= 0));
  if (lowest >= 0) backward(desc, x, rows, lowest);
}

// Applies the stored gradients once, as a training step would.
export function applyGradients(desc: usize): void {
  update(desc, false);
}

// Adds the loss and metric sums over count samples of x and y, in batches of at most maxBatch.
export function evaluate(desc: usize, x: usize, y: usize, count: i32): void {
  const maxBatch = word(desc, H_MAX_BATCH);
  const rowBytes = <usize>word(desc, H_INPUTS) << 2;
  const targetBytes = <usize>word(desc, H_TARGET_WIDTH) << 2;
  for (let start = 0; start < count; start += maxBatch) {
    const rows = min(maxBatch, count - start);
    forward(desc, x + <usize>start * rowBytes, rows, !lossActivates(desc));
    addOutputs(desc, lossAndDelta(desc, y + <usize>start * targetBytes, rows, false));
  }
}

// Writes the output layer's activations for count samples of x into out.
export function predict(desc: usize, x: usize, out: usize, count: i32): void {
  const maxBatch = word(desc, H_MAX_BATCH);
  const layers = word(desc, H_LAYERS);
  const rowBytes = <usize>word(desc, H_INPUTS) << 2;
  const last = layerRecord(desc, layers - 1);
  const outBytes = <usize>word(last, L_UNITS) << 2;
  for (let start = 0; start < count; start += maxBatch) {
    const rows = min(maxBatch, count - start);
    forward(desc, x + <usize>start * rowBytes, rows);
    memory.copy(out + <usize>start * outBytes, pointer(last, L_A), <usize>rows * outBytes);
  }
}

// Binary cross-entropy computes its sigmoid output itself, sharing one exp with the loss.
function lossActivates(desc: usize): bool {
  return word(desc, H_LOSS) == LOSS_BCE;
}

function lowestTrainable(desc: usize): i32 {
  const layers = word(desc, H_LAYERS);
  for (let l = 0; l < layers; l++) if (word(layerRecord(desc, l), L_TRAINABLE)) return l;
  return -1;
}

// Hidden relu and linear layers get bias and activation in the product's epilogue and
// write only their activations; the output layer keeps its logits for the loss, and
// leaves its activation to the loss when outputActivation is false.
function forward(desc: usize, input: usize, rows: i32, outputActivation: bool = true): void {
  const layers = word(desc, H_LAYERS);
  const params = pointer(desc, H_PARAMS);
  let source = input;
  for (let l = 0; l < layers; l++) {
    const rec = layerRecord(desc, l);
    const inputs = word(rec, L_INPUTS);
    const units = word(rec, L_UNITS);
    const kernel = params + pointer(rec, L_PARAM_OFFSET);
    const bias = kernel + (<usize>(inputs * units) << 2);
    const activation = word(rec, L_ACTIVATION);
    const a = pointer(rec, L_A);
    if (l < layers - 1 && activation == ACT_RELU) {
      matmul(source, kernel, a, rows, inputs, units, EPI_BIAS_RELU, bias);
    } else if (l < layers - 1 && activation == ACT_LINEAR) {
      matmul(source, kernel, a, rows, inputs, units, EPI_BIAS, bias);
    } else {
      const z = pointer(rec, L_Z);
      matmul(source, kernel, z, rows, inputs, units, EPI_BIAS, bias);
      if (l < layers - 1 || outputActivation) activate(z, a, rows, units, activation);
    }
    source = a;
  }
}

// The epilogue that multiplies an input gradient by the derivative of the layer below's activation.
function derivativeEpilogue(activation: i32): i32 {
  if (activation == ACT_RELU) return EPI_GRAD_RELU;
  if (activation == ACT_SIGMOID) return EPI_GRAD_SIGMOID;
  if (activation == ACT_TANH) return EPI_GRAD_TANH;
  return EPI_NONE;
}

function lossAndDelta(desc: usize, y: usize, rows: i32, withDelta: bool): f64 {
  const last = layerRecord(desc, word(desc, H_LAYERS) - 1);
  return outputLoss(
    word(desc, H_LOSS), word(desc, H_METRIC), word(last, L_ACTIVATION),
    pointer(last, L_Z), pointer(last, L_A), y, withDelta ? pointer(last, L_DELTA) : 0,
    rows, word(last, L_UNITS), word(desc, H_TARGET_WIDTH),
  );
}

function addOutputs(desc: usize, lossSum: f64): void {
  const lossAt = desc + (<usize>H_OUT_LOSS << 2);
  const metricAt = desc + (<usize>H_OUT_METRIC << 2);
  store<f64>(lossAt, load<f64>(lossAt) + lossSum);
  store<f64>(metricAt, load<f64>(metricAt) + metricSum);
}

// Backpropagates from the output delta down to layer `lowest`: kernel and bias
// gradients for trainable layers only, input deltas only where a trainable layer lies below.
function backward(desc: usize, input: usize, rows: i32, lowest: i32): void {
  const params = pointer(desc, H_PARAMS);
  const grads = pointer(desc, H_GRADS);
  const scratch = pointer(desc, H_SCRATCH);
  for (let l = word(desc, H_LAYERS) - 1; l >= lowest; l--) {
    const rec = layerRecord(desc, l);
    const inputs = word(rec, L_INPUTS);
    const units = word(rec, L_UNITS);
    const delta = pointer(rec, L_DELTA);
    const offset = pointer(rec, L_PARAM_OFFSET);
    const below = l > 0 ? layerRecord(desc, l - 1) : 0;
    const source = l > 0 ? pointer(below, L_A) : input;
    if (word(rec, L_TRAINABLE)) {
      const gradKernel = grads + offset;
      matmulTransposedA(source, delta, gradKernel, rows, inputs, units, scratch);
      columnSums(delta, gradKernel + (<usize>(inputs * units) << 2), rows, units);
    }
    if (l > lowest) {
      // deltaBelow = (delta . kernel^T) * activation'(below), the derivative applied as tiles
      // are stored; the kernel is read as stored (see matmulTransposedB).
      matmulTransposedB(delta, params + offset, pointer(below, L_DELTA), rows, units, inputs, derivativeEpilogue(word(below, L_ACTIVATION)), source, scratch);
    }
  }
}

// One optimiser step over every trainable layer; advances the step count t.
function update(desc: usize, logNorms: bool): void {
  const stepAt = desc + (<usize>H_STEP << 2);
  const t = load<i32>(stepAt) + 1;
  store<i32>(stepAt, t);
  const params = pointer(desc, H_PARAMS);
  const grads = pointer(desc, H_GRADS);
  const moment1 = pointer(desc, H_MOMENT1);
  const moment2 = pointer(desc, H_MOMENT2);
  const masks = pointer(desc, H_MASK);
  const adam = word(desc, H_OPTIMIZER) == OPT_ADAM;
  const lr = real(desc, H_LR);
  let alpha: f32 = 0;
  if (adam) {
    // Keras computes the bias corrections in float32 from float32 betas.
    const beta1Power = <f32>Math.pow(<f64>real(desc, H_BETA1), <f64>t);
    const beta2Power = <f32>Math.pow(<f64>real(desc, H_BETA2), <f64>t);
    alpha = lr * Mathf.sqrt(<f32>1 - beta2Power) / (<f32>1 - beta1Power);
  }
  const layers = word(desc, H_LAYERS);
  for (let l = 0; l < layers; l++) {
    const rec = layerRecord(desc, l);
    if (!word(rec, L_TRAINABLE)) continue;
    const offset = pointer(rec, L_PARAM_OFFSET);
    const count = (word(rec, L_INPUTS) + 1) * word(rec, L_UNITS);
    const mask = word(rec, L_MASKED) ? masks + offset : 0;
    let squares: f64;
    if (adam) {
      squares = adamUpdate(
        params + offset, grads + offset, moment1 + offset, moment2 + offset, mask, count,
        alpha, real(desc, H_ONE_MINUS_BETA1), real(desc, H_ONE_MINUS_BETA2), real(desc, H_EPSILON),
      );
    } else {
      squares = sgdUpdate(
        params + offset, grads + offset, moment1 + offset, mask, count,
        lr, real(desc, H_MOMENTUM), word(desc, H_NESTEROV) != 0,
      );
    }
    if (logNorms) {
      const normAt = rec + (<usize>L_GRAD_NORM << 2);
      store<f64>(normAt, load<f64>(normAt) + Math.sqrt(squares));
    }
  }
}
