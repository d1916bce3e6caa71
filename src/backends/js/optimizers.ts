// Optimiser updates in Keras 3's arithmetic: the plain-JS mirror of assembly/optimizers.ts.
// Each op is rounded to float32 so that the reference follows the kernels' arithmetic.
const f = Math.fround;

/** Adam over count parameters from index w; masked ones (mask 0) keep value and moments. Returns sum of g^2. */
export function adamUpdate(
  f32: Float32Array, w: number, g: number, m: number, v: number, mask: number, count: number,
  alpha: number, oneMinusBeta1: number, oneMinusBeta2: number, epsilon: number,
): number {
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const grad = f32[g + i];
    squares += grad * grad;
    if (mask >= 0 && f32[mask + i] === 0) continue;
    const m1 = f(f32[m + i] + f(f(grad - f32[m + i]) * oneMinusBeta1));
    const v1 = f(f32[v + i] + f(f(f(grad * grad) - f32[v + i]) * oneMinusBeta2));
    f32[m + i] = m1;
    f32[v + i] = v1;
    f32[w + i] = f32[w + i] - f(f(m1 * alpha) / f(f(Math.sqrt(v1)) + epsilon));
  }
  return squares;
}

/** SGD, with momentum and Nesterov as Keras 3 computes them. Returns sum of g^2. */
export function sgdUpdate(
  f32: Float32Array, w: number, g: number, velocity: number, mask: number, count: number,
  lr: number, momentum: number, nesterov: boolean,
): number {
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const grad = f32[g + i];
    squares += grad * grad;
    if (mask >= 0 && f32[mask + i] === 0) continue;
    if (momentum === 0) {
      f32[w + i] = f32[w + i] - f(grad * lr);
      continue;
    }
    const vel = f(f(f32[velocity + i] * momentum) - f(grad * lr));
    f32[velocity + i] = vel;
    f32[w + i] = f32[w + i] + (nesterov ? f(f(vel * momentum) - f(grad * lr)) : vel);
  }
  return squares;
}
