// Loss, metric and the output layer's delta (dLoss/dz) for one batch.
// Cross-entropies are computed from the logits z, as Keras does when the output
// activation is a sigmoid or a softmax; their delta is then (p - y) / batch.
import {
  LOSS_BCE, LOSS_CCE, LOSS_SCCE, LOSS_MSE,
  METRIC_NONE, METRIC_BINARY, METRIC_CATEGORICAL, METRIC_SPARSE,
} from "../src/descriptor";
import { activationBackward } from "./activations";
import { expArgumentsInRange, expLanes, log1pLanes } from "./vmath";

// Sum over the batch of the per-sample metric, set by the last outputLoss call.
export let metricSum: f64 = 0;

// Returns the sum over the rows of the per-sample loss; writes delta when delta != 0.
export function outputLoss(
  loss: i32, metric: i32, activation: i32,
  z: usize, a: usize, y: usize, delta: usize,
  rows: i32, units: i32, targetWidth: i32,
): f64 {
  const stride = <usize>units << 2;
  const yStride = <usize>targetWidth << 2;
  // Keras's mean-reduction gradient: the upstream 1 divided by the batch size, then by the units averaged over.
  const perSample: f32 = <f32>1 / <f32>rows;
  const perUnit: f32 = perSample / <f32>units;
  let lossSum: f64 = 0;
  let metricTotal: f64 = 0;
  let r = 0;
  if (loss == LOSS_BCE && units == 1 && targetWidth == 1) {
    // A single sigmoid output: four rows per vector while their logits are in expf's main range.
    for (; r + 4 <= rows; r += 4) {
      const at = <usize>r << 2;
      const x = v128.load(z + at);
      const negAbs = f32x4.neg(f32x4.abs(x));
      if (!expArgumentsInRange(negAbs)) break;
      const t = v128.load(y + at);
      const e = expLanes(negAbs);
      const p = f32x4.div(v128.bitselect(f32x4.splat(1), e, f32x4.ge(x, f32x4.splat(0))), f32x4.add(f32x4.splat(1), e));
      v128.store(a + at, p);
      const term = f32x4.add(f32x4.sub(f32x4.max(x, f32x4.splat(0)), f32x4.mul(x, t)), log1pLanes(e));
      // sampleLoss = (0 + term) / units, as the scalar loop computes it.
      const sampleLoss = f32x4.div(f32x4.add(f32x4.splat(0), term), f32x4.splat(1));
      if (delta) v128.store(delta + at, f32x4.mul(f32x4.sub(p, t), f32x4.splat(perUnit)));
      lossSum += <f64>f32x4.extract_lane(sampleLoss, 0);
      lossSum += <f64>f32x4.extract_lane(sampleLoss, 1);
      lossSum += <f64>f32x4.extract_lane(sampleLoss, 2);
      lossSum += <f64>f32x4.extract_lane(sampleLoss, 3);
      if (metric == METRIC_BINARY) {
        // Hits are 0 or 1 a row: their sum is exact in any order.
        const predicted = v128.and(f32x4.gt(p, f32x4.splat(0.5)), f32x4.splat(1));
        metricTotal += <f64>popcnt(i32x4.bitmask(f32x4.eq(predicted, t)));
      } else if (metric != METRIC_NONE) {
        for (let q = 0; q < 4; q++) metricTotal += sampleMetric(metric, a + at + (<usize>q << 2), y + at + (<usize>q << 2), 1);
      }
    }
  }
  for (; r < rows; r++) {
    const zRow = z + <usize>r * stride;
    const aRow = a + <usize>r * stride;
    const yRow = y + <usize>r * yStride;
    const dRow = delta + <usize>r * stride;
    let sampleLoss: f32 = 0;
    if (loss == LOSS_BCE) {
      // One exp serves the loss and the sigmoid: the forward pass leaves this output to us.
      for (let j = 0; j < units; j++) {
        const off = <usize>j << 2;
        const x = load<f32>(zRow + off);
        const t = load<f32>(yRow + off);
        const e = Mathf.exp(-abs<f32>(x));
        const p: f32 = x >= 0 ? 1 / (1 + e) : e / (1 + e);
        store<f32>(aRow + off, p);
        sampleLoss += max<f32>(x, 0) - x * t + Mathf.log1p(e);
        if (delta) store<f32>(dRow + off, (p - t) * perUnit);
      }
      sampleLoss /= <f32>units;
    } else if (loss == LOSS_CCE || loss == LOSS_SCCE) {
      let top = load<f32>(zRow);
      for (let j = 1; j < units; j++) top = max<f32>(top, load<f32>(zRow + (<usize>j << 2)));
      let sumExp: f32 = 0;
      for (let j = 0; j < units; j++) sumExp += Mathf.exp(load<f32>(zRow + (<usize>j << 2)) - top);
      const logSumExp = top + Mathf.log(sumExp);
      if (loss == LOSS_SCCE) {
        const label = <i32>load<f32>(yRow);
        sampleLoss = logSumExp - load<f32>(zRow + (<usize>label << 2));
        if (delta) {
          for (let j = 0; j < units; j++) {
            const off = <usize>j << 2;
            const t: f32 = j == label ? 1 : 0;
            store<f32>(dRow + off, (load<f32>(aRow + off) - t) * perSample);
          }
        }
      } else {
        let targetSum: f32 = 0;
        for (let j = 0; j < units; j++) {
          const off = <usize>j << 2;
          const t = load<f32>(yRow + off);
          targetSum += t;
          sampleLoss += t * (logSumExp - load<f32>(zRow + off));
        }
        if (delta) {
          for (let j = 0; j < units; j++) {
            const off = <usize>j << 2;
            store<f32>(dRow + off, (load<f32>(aRow + off) * targetSum - load<f32>(yRow + off)) * perSample);
          }
        }
      }
    } else if (loss == LOSS_MSE) {
      for (let j = 0; j < units; j++) {
        const off = <usize>j << 2;
        const diff = load<f32>(aRow + off) - load<f32>(yRow + off);
        sampleLoss += diff * diff;
        if (delta) store<f32>(dRow + off, <f32>2 * diff * perUnit);
      }
      sampleLoss /= <f32>units;
    }
    lossSum += <f64>sampleLoss;
    metricTotal += sampleMetric(metric, aRow, yRow, units);
  }
  if (delta && loss == LOSS_MSE) activationBackward(a, delta, rows, units, activation);
  metricSum = metricTotal;
  return lossSum;
}

function sampleMetric(metric: i32, aRow: usize, yRow: usize, units: i32): f64 {
  if (metric == METRIC_BINARY) {
    let hits = 0;
    for (let j = 0; j < units; j++) {
      const off = <usize>j << 2;
      const predicted: f32 = load<f32>(aRow + off) > 0.5 ? 1 : 0;
      if (predicted == load<f32>(yRow + off)) hits++;
    }
    return <f64>hits / <f64>units;
  }
  if (metric == METRIC_CATEGORICAL) return argmax(aRow, units) == argmax(yRow, units) ? 1 : 0;
  if (metric == METRIC_SPARSE) return argmax(aRow, units) == <i32>load<f32>(yRow) ? 1 : 0;
  return 0;
}

// Index of the first largest value, as tf.argmax picks.
function argmax(row: usize, units: i32): i32 {
  let best = 0;
  let top = load<f32>(row);
  for (let j = 1; j < units; j++) {
    const v = load<f32>(row + (<usize>j << 2));
    if (v > top) { top = v; best = j; }
  }
  return best;
}
