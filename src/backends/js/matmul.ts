// Dense matrix products over row-major Float32Array views: the plain-JS mirror of
// assembly/matmul.ts. Indices are in elements; sums are kept in doubles and rounded on store.

/** c[rows x cols] = a[rows x inner] . b[inner x cols], plus bias[cols] when bias >= 0. */
export function matmul(f32: Float32Array, a: number, b: number, bias: number, c: number, rows: number, inner: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const aRow = a + r * inner;
    const cRow = c + r * cols;
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += f32[aRow + k] * f32[b + k * cols + j];
      f32[cRow + j] = bias >= 0 ? Math.fround(sum) + f32[bias + j] : sum;
    }
  }
}

/** gradKernel = input^T . delta and gradBias = column sums of delta, for one dense layer. */
export function denseGradients(f32: Float32Array, input: number, delta: number, gradKernel: number, gradBias: number, rows: number, inputs: number, units: number): void {
  for (let k = 0; k < inputs; k++) {
    for (let j = 0; j < units; j++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += f32[input + r * inputs + k] * f32[delta + r * units + j];
      f32[gradKernel + k * units + j] = sum;
    }
  }
  for (let j = 0; j < units; j++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += f32[delta + r * units + j];
    f32[gradBias + j] = sum;
  }
}

/** dst[cols x rows] = src[rows x cols]^T. */
export function transpose(f32: Float32Array, src: number, dst: number, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) f32[dst + j * rows + i] = f32[src + i * cols + j];
  }
}
