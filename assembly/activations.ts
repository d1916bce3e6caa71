// Activations forward (z -> a) and backward (delta *= da/dz, from the activations a,
// as TensorFlow's ReluGrad, SigmoidGrad and TanhGrad do).
import { ACT_LINEAR, ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_SOFTMAX } from "../src/descriptor";

// a[rows x units] = activation(z); z and a may be the same buffer.
export function activate(z: usize, a: usize, rows: i32, units: i32, activation: i32): void {
  const count = rows * units;
  if (activation == ACT_SOFTMAX) {
    softmaxRows(z, a, rows, units);
    return;
  }
  if (activation == ACT_RELU) {
    const count4 = count & ~3;
    const zero = f32x4.splat(0);
    let i = 0;
    for (; i < count4; i += 4) {
      const off = <usize>i << 2;
      v128.store(a + off, f32x4.max(v128.load(z + off), zero));
    }
    for (; i < count; i++) {
      const off = <usize>i << 2;
      store<f32>(a + off, max<f32>(load<f32>(z + off), 0));
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    const off = <usize>i << 2;
    const x = load<f32>(z + off);
    let y = x;
    if (activation == ACT_SIGMOID) y = sigmoid(x);
    else if (activation == ACT_TANH) y = Mathf.tanh(x);
    store<f32>(a + off, y);
  }
}

// delta[rows x units] *= derivative of the activation, given its output a.
export function activationBackward(a: usize, delta: usize, rows: i32, units: i32, activation: i32): void {
  const count = rows * units;
  if (activation == ACT_LINEAR) return;
  if (activation == ACT_SOFTMAX) {
    softmaxBackwardRows(a, delta, rows, units);
    return;
  }
  const count4 = count & ~3;
  const one = f32x4.splat(1);
  let i = 0;
  if (activation == ACT_RELU) {
    const zero = f32x4.splat(0);
    for (; i < count4; i += 4) {
      const off = <usize>i << 2;
      const alive = f32x4.gt(v128.load(a + off), zero);
      v128.store(delta + off, v128.and(v128.load(delta + off), alive));
    }
    for (; i < count; i++) {
      const off = <usize>i << 2;
      if (!(load<f32>(a + off) > 0)) store<f32>(delta + off, 0);
    }
  } else if (activation == ACT_SIGMOID) {
    for (; i < count4; i += 4) {
      const off = <usize>i << 2;
      const y = v128.load(a + off);
      v128.store(delta + off, f32x4.mul(v128.load(delta + off), f32x4.mul(y, f32x4.sub(one, y))));
    }
    for (; i < count; i++) {
      const off = <usize>i << 2;
      const y = load<f32>(a + off);
      store<f32>(delta + off, load<f32>(delta + off) * (y * (1 - y)));
    }
  } else if (activation == ACT_TANH) {
    for (; i < count4; i += 4) {
      const off = <usize>i << 2;
      const y = v128.load(a + off);
      v128.store(delta + off, f32x4.mul(v128.load(delta + off), f32x4.sub(one, f32x4.mul(y, y))));
    }
    for (; i < count; i++) {
      const off = <usize>i << 2;
      const y = load<f32>(a + off);
      store<f32>(delta + off, load<f32>(delta + off) * (1 - y * y));
    }
  }
}

// @ts-ignore: decorator
@inline
export function sigmoid(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

function softmaxRows(z: usize, a: usize, rows: i32, units: i32): void {
  const stride = <usize>units << 2;
  for (let r = 0; r < rows; r++) {
    const zRow = z + <usize>r * stride;
    const aRow = a + <usize>r * stride;
    let top = load<f32>(zRow);
    for (let j = 1; j < units; j++) top = max<f32>(top, load<f32>(zRow + (<usize>j << 2)));
    let sum: f32 = 0;
    for (let j = 0; j < units; j++) {
      const e = Mathf.exp(load<f32>(zRow + (<usize>j << 2)) - top);
      store<f32>(aRow + (<usize>j << 2), e);
      sum += e;
    }
    for (let j = 0; j < units; j++) store<f32>(aRow + (<usize>j << 2), load<f32>(aRow + (<usize>j << 2)) / sum);
  }
}

// Softmax's Jacobian applied to an upstream gradient g: a * (g - sum(g * a)).
function softmaxBackwardRows(a: usize, delta: usize, rows: i32, units: i32): void {
  const stride = <usize>units << 2;
  for (let r = 0; r < rows; r++) {
    const aRow = a + <usize>r * stride;
    const dRow = delta + <usize>r * stride;
    let dot: f32 = 0;
    for (let j = 0; j < units; j++) dot += load<f32>(aRow + (<usize>j << 2)) * load<f32>(dRow + (<usize>j << 2));
    for (let j = 0; j < units; j++) {
      const off = <usize>j << 2;
      store<f32>(dRow + off, load<f32>(aRow + off) * (load<f32>(dRow + off) - dot));
    }
  }
}
