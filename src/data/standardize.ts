// Feature standardisation as scikit-learn's StandardScaler does it: mean and
// population standard deviation per feature, a constant feature left centred only.

/** Per-feature statistics, fitted on some rows and applied to any. */
export interface Standardizer { mean: Float64Array; std: Float64Array; apply(x: Float64Array): Float32Array }

/** Fits the statistics on the first `rows` rows of x (row-major, `features` wide). */
export function standardize(x: Float64Array, features: number, rows = x.length / features): Standardizer {
  const mean = new Float64Array(features);
  const std = new Float64Array(features);
  for (let r = 0; r < rows; r++) for (let c = 0; c < features; c++) mean[c] += x[r * features + c];
  for (let c = 0; c < features; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) {
      const d = x[r * features + c] - mean[c];
      std[c] += d * d;
    }
  }
  for (let c = 0; c < features; c++) std[c] = Math.sqrt(std[c] / rows) || 1;
  return {
    mean,
    std,
    apply(data: Float64Array): Float32Array {
      const out = new Float32Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const c = i % features;
        out[i] = (data[i] - mean[c]) / std[c];
      }
      return out;
    },
  };
}
