// Loss, metric and output delta for one batch: the plain-JS mirror of assembly/loss.ts.
import {
  LOSS_BCE, LOSS_CCE, LOSS_SCCE, LOSS_MSE, METRIC_BINARY, METRIC_CATEGORICAL, METRIC_SPARSE,
} from '../../descriptor.js';
import { activationBackward } from './activations.js';

/** Sums of the per-sample loss and metric over one batch. */
export interface BatchSums { loss: number; metric: number }

/** Computes the batch's loss and metric sums; writes the output delta when delta >= 0. */
export function outputLoss(
  f32: Float32Array, loss: number, metric: number, activation: number,
  z: number, a: number, y: number, delta: number,
  rows: number, units: number, targetWidth: number, sums: BatchSums,
): void {
  const perSample = Math.fround(1 / rows);
  const perUnit = Math.fround(perSample / units);
  const withDelta = delta >= 0;
  let lossSum = 0;
  let metricSum = 0;
  for (let r = 0; r < rows; r++) {
    const zRow = z + r * units;
    const aRow = a + r * units;
    const yRow = y + r * targetWidth;
    const dRow = delta + r * units;
    let sampleLoss = 0;
    if (loss === LOSS_BCE) {
      // One exp serves the loss and the sigmoid: the forward pass leaves this output to us.
      for (let j = 0; j < units; j++) {
        const x = f32[zRow + j];
        const t = f32[yRow + j];
        const e = Math.exp(-Math.abs(x));
        f32[aRow + j] = x >= 0 ? 1 / (1 + e) : e / (1 + e);
        sampleLoss += Math.max(x, 0) - x * t + Math.log1p(e);
        if (withDelta) f32[dRow + j] = (f32[aRow + j] - t) * perUnit;
      }
      sampleLoss /= units;
    } else if (loss === LOSS_CCE || loss === LOSS_SCCE) {
      let top = f32[zRow];
      for (let j = 1; j < units; j++) top = Math.max(top, f32[zRow + j]);
      let sumExp = 0;
      for (let j = 0; j < units; j++) sumExp += Math.exp(f32[zRow + j] - top);
      const logSumExp = top + Math.log(sumExp);
      if (loss === LOSS_SCCE) {
        const label = f32[yRow] | 0;
        sampleLoss = logSumExp - f32[zRow + label];
        if (withDelta) for (let j = 0; j < units; j++) f32[dRow + j] = (f32[aRow + j] - (j === label ? 1 : 0)) * perSample;
      } else {
        let targetSum = 0;
        for (let j = 0; j < units; j++) {
          targetSum += f32[yRow + j];
          sampleLoss += f32[yRow + j] * (logSumExp - f32[zRow + j]);
        }
        if (withDelta) for (let j = 0; j < units; j++) f32[dRow + j] = (f32[aRow + j] * targetSum - f32[yRow + j]) * perSample;
      }
    } else if (loss === LOSS_MSE) {
      for (let j = 0; j < units; j++) {
        const diff = f32[aRow + j] - f32[yRow + j];
        sampleLoss += diff * diff;
        if (withDelta) f32[dRow + j] = 2 * diff * perUnit;
      }
      sampleLoss /= units;
    }
    lossSum += Math.fround(sampleLoss);
    metricSum += sampleMetric(f32, metric, aRow, yRow, units);
  }
  if (withDelta && loss === LOSS_MSE) activationBackward(f32, a, delta, rows, units, activation);
  sums.loss = lossSum;
  sums.metric = metricSum;
}

function sampleMetric(f32: Float32Array, metric: number, aRow: number, yRow: number, units: number): number {
  if (metric === METRIC_BINARY) {
    let hits = 0;
    for (let j = 0; j < units; j++) if ((f32[aRow + j] > 0.5 ? 1 : 0) === f32[yRow + j]) hits++;
    return hits / units;
  }
  if (metric === METRIC_CATEGORICAL) return argmax(f32, aRow, units) === argmax(f32, yRow, units) ? 1 : 0;
  if (metric === METRIC_SPARSE) return argmax(f32, aRow, units) === (f32[yRow] | 0) ? 1 : 0;
  return 0;
}

function argmax(f32: Float32Array, row: number, units: number): number {
  let best = 0;
  for (let j = 1; j < units; j++) if (f32[row + j] > f32[row + best]) best = j;
  return best;
}
