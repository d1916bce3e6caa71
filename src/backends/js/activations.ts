// Activations forward and backward over Float32Array views: the plain-JS mirror of assembly/activations.ts.
import { ACT_LINEAR, ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_SOFTMAX } from '../../descriptor.js';

/** a[rows x units] = activation(z); z and a may be the same range. */
export function activate(f32: Float32Array, z: number, a: number, rows: number, units: number, activation: number): void {
  const count = rows * units;
  if (activation === ACT_SOFTMAX) {
    for (let r = 0; r < rows; r++) {
      const zRow = z + r * units;
      const aRow = a + r * units;
      let top = f32[zRow];
      for (let j = 1; j < units; j++) top = Math.max(top, f32[zRow + j]);
      let sum = 0;
      for (let j = 0; j < units; j++) {
        const e = Math.exp(f32[zRow + j] - top);
        f32[aRow + j] = e;
        sum += e;
      }
      for (let j = 0; j < units; j++) f32[aRow + j] /= sum;
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    const x = f32[z + i];
    if (activation === ACT_RELU) f32[a + i] = x > 0 ? x : 0;
    else if (activation === ACT_SIGMOID) f32[a + i] = 1 / (1 + Math.exp(-x));
    else if (activation === ACT_TANH) f32[a + i] = Math.tanh(x);
    else f32[a + i] = x;
  }
}

/** delta[rows x units] *= derivative of the activation, given its output a. */
export function activationBackward(f32: Float32Array, a: number, delta: number, rows: number, units: number, activation: number): void {
  const count = rows * units;
  if (activation === ACT_LINEAR) return;
  if (activation === ACT_SOFTMAX) {
    for (let r = 0; r < rows; r++) {
      const aRow = a + r * units;
      const dRow = delta + r * units;
      let dot = 0;
      for (let j = 0; j < units; j++) dot += f32[aRow + j] * f32[dRow + j];
      for (let j = 0; j < units; j++) f32[dRow + j] = f32[aRow + j] * (f32[dRow + j] - dot);
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    const y = f32[a + i];
    if (activation === ACT_RELU) {
      if (!(y > 0)) f32[delta + i] = 0;
    } else if (activation === ACT_SIGMOID) {
      f32[delta + i] *= y * (1 - y);
    } else if (activation === ACT_TANH) {
      f32[delta + i] *= 1 - y * y;
    }
  }
}
