// Optimiser updates over a contiguous range of parameters, in Keras 3's arithmetic.
// A masked parameter (mask 0) keeps its value and its moments bit for bit: the
// new values are computed for every lane and the old ones selected back.
// Each returns the sum of squared gradients of the range, for gradient-norm logs.
import { madd, horizontalSum } from "./simd";

// Adam: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= (m * alpha) / (sqrt(v) + eps).
export function adamUpdate(
  w: usize, g: usize, m: usize, v: usize, mask: usize, count: i32,
  alpha: f32, oneMinusBeta1: f32, oneMinusBeta2: f32, epsilon: f32,
): f64 {
  const count4 = count & ~3;
  const alpha4 = f32x4.splat(alpha);
  const b1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(oneMinusBeta2);
  const eps4 = f32x4.splat(epsilon);
  const zero = f32x4.splat(0);
  let squares = f32x4.splat(0);
  let i = 0;
  for (; i < count4; i += 4) {
    const off = <usize>i << 2;
    const grad = v128.load(g + off);
    const m0 = v128.load(m + off);
    const v0 = v128.load(v + off);
    const w0 = v128.load(w + off);
    const square = f32x4.mul(grad, grad);
    squares = f32x4.add(squares, square);
    const m1 = madd(f32x4.sub(grad, m0), b1, m0);
    const v1 = madd(f32x4.sub(square, v0), b2, v0);
    const w1 = f32x4.sub(w0, f32x4.div(f32x4.mul(m1, alpha4), f32x4.add(f32x4.sqrt(v1), eps4)));
    if (mask) {
      const keep = f32x4.ne(v128.load(mask + off), zero);
      v128.store(m + off, v128.bitselect(m1, m0, keep));
      v128.store(v + off, v128.bitselect(v1, v0, keep));
      v128.store(w + off, v128.bitselect(w1, w0, keep));
    } else {
      v128.store(m + off, m1);
      v128.store(v + off, v1);
      v128.store(w + off, w1);
    }
  }
  let tail: f32 = 0;
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const grad = load<f32>(g + off);
    tail += grad * grad;
    if (mask && load<f32>(mask + off) == 0) continue;
    const m1 = load<f32>(m + off) + (grad - load<f32>(m + off)) * oneMinusBeta1;
    const v1 = load<f32>(v + off) + (grad * grad - load<f32>(v + off)) * oneMinusBeta2;
    store<f32>(m + off, m1);
    store<f32>(v + off, v1);
    store<f32>(w + off, load<f32>(w + off) - (m1 * alpha) / (Mathf.sqrt(v1) + epsilon));
  }
  return <f64>horizontalSum(squares) + <f64>tail;
}

// SGD: with momentum, velocity = velocity * momentum - g * lr and w += velocity
// (Nesterov: w += velocity * momentum - g * lr); without, w -= g * lr.
export function sgdUpdate(
  w: usize, g: usize, velocity: usize, mask: usize, count: i32,
  lr: f32, momentum: f32, nesterov: bool,
): f64 {
  const lr4 = f32x4.splat(lr);
  const momentum4 = f32x4.splat(momentum);
  const zero = f32x4.splat(0);
  let squares = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    const grad = v128.load(g + off);
    const w0 = v128.load(w + off);
    squares = f32x4.add(squares, f32x4.mul(grad, grad));
    const step = f32x4.mul(grad, lr4);
    let w1: v128;
    let vel0 = zero;
    let vel1 = zero;
    if (momentum == 0) {
      w1 = f32x4.sub(w0, step);
    } else {
      vel0 = v128.load(velocity + off);
      vel1 = f32x4.sub(f32x4.mul(vel0, momentum4), step);
      w1 = f32x4.add(w0, nesterov ? f32x4.sub(f32x4.mul(vel1, momentum4), step) : vel1);
    }
    if (mask) {
      const keep = f32x4.ne(v128.load(mask + off), zero);
      w1 = v128.bitselect(w1, w0, keep);
      vel1 = v128.bitselect(vel1, vel0, keep);
    }
    v128.store(w + off, w1);
    if (momentum != 0) v128.store(velocity + off, vel1);
  }
  let tail: f32 = 0;
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const grad = load<f32>(g + off);
    tail += grad * grad;
    if (mask && load<f32>(mask + off) == 0) continue;
    if (momentum == 0) {
      store<f32>(w + off, load<f32>(w + off) - grad * lr);
      continue;
    }
    const vel = load<f32>(velocity + off) * momentum - grad * lr;
    store<f32>(velocity + off, vel);
    store<f32>(w + off, load<f32>(w + off) + (nesterov ? vel * momentum - grad * lr : vel));
  }
  return <f64>horizontalSum(squares) + <f64>tail;
}
