// Feature standardisation as scikit-learn's StandardScaler does it: mean and
// population standard deviation per feature, a constant feature left centred only.
// A column of huge values (1e200, say) is first divided by its largest magnitude, so that
// it is standardised like any other instead of its squares overflowing into an infinite
// spread and a silent column of zeros.

/** Below this magnitude a column's squared deviations, summed over any realistic row count, stay finite. */
const SAFE_MAGNITUDE = 1e100;

/** Per-feature statistics, fitted on some rows and applied to any. */
export interface Standardizer { mean: Float64Array; std: Float64Array; apply(x: Float64Array): Float32Array }

/** Fits the statistics on the first `rows` rows of x (row-major, `features` wide). */
export function standardize(x: Float64Array, features: number, rows = x.length / features): Standardizer {
  const scale = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) scale[c] = Math.max(scale[c], Math.abs(x[r * features + c]));
  }
  // Only columns whose squares could overflow are rescaled: the others keep the plain
  // arithmetic, and so the very bits they always had.
  for (let c = 0; c < features; c++) if (!(scale[c] > SAFE_MAGNITUDE && Number.isFinite(scale[c]))) scale[c] = 1;
  // Mean and spread of each column in units of its scale, where nothing can overflow.
  const mean = new Float64Array(features);
  const std = new Float64Array(features);
  for (let r = 0; r < rows; r++) for (let c = 0; c < features; c++) mean[c] += x[r * features + c] / scale[c];
  for (let c = 0; c < features; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) {
      const d = x[r * features + c] / scale[c] - mean[c];
      std[c] += d * d;
    }
  }
  for (let c = 0; c < features; c++) std[c] = Math.sqrt(std[c] / rows) || 1;
  return {
    // In the data's own units (an infinity only where the spread itself exceeds float64).
    mean: mean.map((m, c) => m * scale[c]),
    std: std.map((s, c) => s * scale[c]),
    apply(data: Float64Array): Float32Array {
      const out = new Float32Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const c = i % features;
        out[i] = (data[i] / scale[c] - mean[c]) / std[c];
      }
      return out;
    },
  };
}
