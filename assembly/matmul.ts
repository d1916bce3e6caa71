// The dense matrix products of training, register-blocked over row-major f32 matrices
// with f32x4: c = a . b with an epilogue (bias, relu, or an activation's derivative)
// applied as each tile is stored, so no second pass reads c, for the forward pass and the
// input gradient; and c = a^T . b for the kernel gradient. Column blocks are outermost so
// that a block of b stays in cache across all rows.
import { EPI_NONE, EPI_BIAS, EPI_BIAS_RELU, EPI_GRAD_RELU, EPI_GRAD_SIGMOID, EPI_GRAD_TANH } from "../src/descriptor";
import { madd } from "./simd";

// c[rows x cols] = epilogue(a[rows x inner] . b[inner x cols]); aux is the bias (EPI_BIAS*)
// or the activations the derivative is taken from (EPI_GRAD_*, laid out like c).
export function matmul(a: usize, b: usize, c: usize, rows: i32, inner: i32, cols: i32, epilogue: i32, aux: usize): void {
  const strideA = <usize>inner << 2;
  const strideB = <usize>cols << 2;
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    const bCol = b + (<usize>j << 2);
    let r = 0;
    for (; r + 2 <= rows; r += 2) {
      const a0 = a + <usize>r * strideA;
      const a1 = a0 + strideA;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
      for (let k = 0; k < inner; k++) {
        const bRow = bCol + <usize>k * strideB;
        const b0 = v128.load(bRow), b1 = v128.load(bRow, 16), b2 = v128.load(bRow, 32), b3 = v128.load(bRow, 48);
        const x0 = f32x4.splat(load<f32>(a0 + (<usize>k << 2)));
        const x1 = f32x4.splat(load<f32>(a1 + (<usize>k << 2)));
        c00 = madd(x0, b0, c00); c01 = madd(x0, b1, c01); c02 = madd(x0, b2, c02); c03 = madd(x0, b3, c03);
        c10 = madd(x1, b0, c10); c11 = madd(x1, b1, c11); c12 = madd(x1, b2, c12); c13 = madd(x1, b3, c13);
      }
      const out0 = c + <usize>r * strideB + (<usize>j << 2);
      const out1 = out0 + strideB;
      store4(out0, c00, c01, c02, c03, epilogue, aux, j, out0 - c);
      store4(out1, c10, c11, c12, c13, epilogue, aux, j, out1 - c);
    }
    if (r < rows) {
      const a0 = a + <usize>r * strideA;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
      for (let k = 0; k < inner; k++) {
        const bRow = bCol + <usize>k * strideB;
        const x0 = f32x4.splat(load<f32>(a0 + (<usize>k << 2)));
        c00 = madd(x0, v128.load(bRow), c00); c01 = madd(x0, v128.load(bRow, 16), c01);
        c02 = madd(x0, v128.load(bRow, 32), c02); c03 = madd(x0, v128.load(bRow, 48), c03);
      }
      const out0 = c + <usize>r * strideB + (<usize>j << 2);
      store4(out0, c00, c01, c02, c03, epilogue, aux, j, out0 - c);
    }
  }
  for (; j + 8 <= cols; j += 8) {
    const bCol = b + (<usize>j << 2);
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const a0 = a + <usize>r * strideA;
      const a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let k = 0; k < inner; k++) {
        const bRow = bCol + <usize>k * strideB;
        const b0 = v128.load(bRow), b1 = v128.load(bRow, 16);
        const off = <usize>k << 2;
        const x0 = f32x4.splat(load<f32>(a0 + off)), x1 = f32x4.splat(load<f32>(a1 + off));
        const x2 = f32x4.splat(load<f32>(a2 + off)), x3 = f32x4.splat(load<f32>(a3 + off));
        c00 = madd(x0, b0, c00); c01 = madd(x0, b1, c01);
        c10 = madd(x1, b0, c10); c11 = madd(x1, b1, c11);
        c20 = madd(x2, b0, c20); c21 = madd(x2, b1, c21);
        c30 = madd(x3, b0, c30); c31 = madd(x3, b1, c31);
      }
      const out0 = c + <usize>r * strideB + (<usize>j << 2);
      store2(out0, c00, c01, epilogue, aux, j, out0 - c);
      store2(out0 + strideB, c10, c11, epilogue, aux, j, out0 + strideB - c);
      store2(out0 + 2 * strideB, c20, c21, epilogue, aux, j, out0 + 2 * strideB - c);
      store2(out0 + 3 * strideB, c30, c31, epilogue, aux, j, out0 + 3 * strideB - c);
    }
    for (; r < rows; r++) {
      const a0 = a + <usize>r * strideA;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      for (let k = 0; k < inner; k++) {
        const bRow = bCol + <usize>k * strideB;
        const x0 = f32x4.splat(load<f32>(a0 + (<usize>k << 2)));
        c00 = madd(x0, v128.load(bRow), c00); c01 = madd(x0, v128.load(bRow, 16), c01);
      }
      const out0 = c + <usize>r * strideB + (<usize>j << 2);
      store2(out0, c00, c01, epilogue, aux, j, out0 - c);
    }
  }
  for (; j + 4 <= cols; j += 4) {
    const bCol = b + (<usize>j << 2);
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const a0 = a + <usize>r * strideA;
      const a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      for (let k = 0; k < inner; k++) {
        const b0 = v128.load(bCol + <usize>k * strideB);
        const off = <usize>k << 2;
        c0 = madd(f32x4.splat(load<f32>(a0 + off)), b0, c0);
        c1 = madd(f32x4.splat(load<f32>(a1 + off)), b0, c1);
        c2 = madd(f32x4.splat(load<f32>(a2 + off)), b0, c2);
        c3 = madd(f32x4.splat(load<f32>(a3 + off)), b0, c3);
      }
      const out0 = c + <usize>r * strideB + (<usize>j << 2);
      for (let i = 0; i < 4; i++) {
        const v = i == 0 ? c0 : i == 1 ? c1 : i == 2 ? c2 : c3;
        const at = out0 + <usize>i * strideB;
        v128.store(at, finish(v, epilogue, aux, j, at - c));
      }
    }
    for (; r < rows; r++) {
      const a0 = a + <usize>r * strideA;
      let c0 = f32x4.splat(0);
      for (let k = 0; k < inner; k++) c0 = madd(f32x4.splat(load<f32>(a0 + (<usize>k << 2))), v128.load(bCol + <usize>k * strideB), c0);
      const at = c + <usize>r * strideB + (<usize>j << 2);
      v128.store(at, finish(c0, epilogue, aux, j, at - c));
    }
  }
  if (j < cols) narrowColumns(a, b, c, rows, inner, cols, j, epilogue, aux);
}

// The last cols % 4 columns. A single column of b is contiguous, so each row is a
// vector dot product over inner (the 1-unit output of a binary classifier takes this path).
function narrowColumns(a: usize, b: usize, c: usize, rows: i32, inner: i32, cols: i32, from: i32, epilogue: i32, aux: usize): void {
  const strideA = <usize>inner << 2;
  const strideB = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const aRow = a + <usize>r * strideA;
    for (let j = from; j < cols; j++) {
      let sum: f32 = 0;
      let k = 0;
      if (cols == 1) {
        let acc = f32x4.splat(0);
        for (; k + 4 <= inner; k += 4) acc = madd(v128.load(aRow + (<usize>k << 2)), v128.load(b + (<usize>k << 2)), acc);
        sum = horizontalSum(acc);
      }
      for (; k < inner; k++) sum += load<f32>(aRow + (<usize>k << 2)) * load<f32>(b + <usize>k * strideB + (<usize>j << 2));
      const at = c + <usize>r * strideB + (<usize>j << 2);
      store<f32>(at, finishScalar(sum, epilogue, aux, j, at - c));
    }
  }
}

// @ts-ignore: decorator
@inline function store4(out: usize, v0: v128, v1: v128, v2: v128, v3: v128, epilogue: i32, aux: usize, col: i32, offset: usize): void {
  v128.store(out, finish(v0, epilogue, aux, col, offset));
  v128.store(out, finish(v1, epilogue, aux, col + 4, offset + 16), 16);
  v128.store(out, finish(v2, epilogue, aux, col + 8, offset + 32), 32);
  v128.store(out, finish(v3, epilogue, aux, col + 12, offset + 48), 48);
}

// @ts-ignore: decorator
@inline function store2(out: usize, v0: v128, v1: v128, epilogue: i32, aux: usize, col: i32, offset: usize): void {
  v128.store(out, finish(v0, epilogue, aux, col, offset));
  v128.store(out, finish(v1, epilogue, aux, col + 4, offset + 16), 16);
}

// Applies the epilogue to four outputs at column col, byte offset `offset` into c.
// @ts-ignore: decorator
@inline function finish(v: v128, epilogue: i32, aux: usize, col: i32, offset: usize): v128 {
  if (epilogue == EPI_NONE) return v;
  if (epilogue == EPI_BIAS) return f32x4.add(v, v128.load(aux + (<usize>col << 2)));
  if (epilogue == EPI_BIAS_RELU) return f32x4.max(f32x4.add(v, v128.load(aux + (<usize>col << 2))), f32x4.splat(0));
  const y = v128.load(aux + offset);
  if (epilogue == EPI_GRAD_RELU) return v128.and(v, f32x4.gt(y, f32x4.splat(0)));
  if (epilogue == EPI_GRAD_SIGMOID) return f32x4.mul(v, f32x4.mul(y, f32x4.sub(f32x4.splat(1), y)));
  if (epilogue == EPI_GRAD_TANH) return f32x4.mul(v, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
  return v;
}

function finishScalar(v: f32, epilogue: i32, aux: usize, col: i32, offset: usize): f32 {
  if (epilogue == EPI_NONE) return v;
  if (epilogue == EPI_BIAS) return v + load<f32>(aux + (<usize>col << 2));
  if (epilogue == EPI_BIAS_RELU) return max<f32>(v + load<f32>(aux + (<usize>col << 2)), 0);
  const y = load<f32>(aux + offset);
  if (epilogue == EPI_GRAD_RELU) return y > 0 ? v : 0;
  if (epilogue == EPI_GRAD_SIGMOID) return v * (y * (1 - y));
  if (epilogue == EPI_GRAD_TANH) return v * (1 - y * y);
  return v;
}

// c[inner x cols] = a[rows x inner]^T . b[rows x cols]: the kernel gradient input^T . delta,
// read straight from the row-major input so that no batch needs transposing. Pairs of
// output rows share each delta vector; the rows of the batch are the reduction.
export function matmulTransposedA(a: usize, b: usize, c: usize, rows: i32, inner: i32, cols: i32): void {
  const strideA = <usize>inner << 2;
  const strideB = <usize>cols << 2;
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    const bCol = b + (<usize>j << 2);
    let k = 0;
    for (; k + 2 <= inner; k += 2) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        const bRow = bCol + <usize>r * strideB;
        const b0 = v128.load(bRow), b1 = v128.load(bRow, 16), b2 = v128.load(bRow, 32), b3 = v128.load(bRow, 48);
        const aAt = a + <usize>r * strideA + (<usize>k << 2);
        const x0 = f32x4.splat(load<f32>(aAt));
        const x1 = f32x4.splat(load<f32>(aAt, 4));
        c00 = madd(x0, b0, c00); c01 = madd(x0, b1, c01); c02 = madd(x0, b2, c02); c03 = madd(x0, b3, c03);
        c10 = madd(x1, b0, c10); c11 = madd(x1, b1, c11); c12 = madd(x1, b2, c12); c13 = madd(x1, b3, c13);
      }
      const out0 = c + <usize>k * strideB + (<usize>j << 2);
      v128.store(out0, c00); v128.store(out0, c01, 16); v128.store(out0, c02, 32); v128.store(out0, c03, 48);
      const out1 = out0 + strideB;
      v128.store(out1, c10); v128.store(out1, c11, 16); v128.store(out1, c12, 32); v128.store(out1, c13, 48);
    }
    for (; k < inner; k++) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        const bRow = bCol + <usize>r * strideB;
        const x0 = f32x4.splat(load<f32>(a + <usize>r * strideA + (<usize>k << 2)));
        c00 = madd(x0, v128.load(bRow), c00); c01 = madd(x0, v128.load(bRow, 16), c01);
        c02 = madd(x0, v128.load(bRow, 32), c02); c03 = madd(x0, v128.load(bRow, 48), c03);
      }
      const out0 = c + <usize>k * strideB + (<usize>j << 2);
      v128.store(out0, c00); v128.store(out0, c01, 16); v128.store(out0, c02, 32); v128.store(out0, c03, 48);
    }
  }
  for (; j + 4 <= cols; j += 4) {
    const bCol = b + (<usize>j << 2);
    let k = 0;
    for (; k + 4 <= inner; k += 4) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        const b0 = v128.load(bCol + <usize>r * strideB);
        const aAt = a + <usize>r * strideA + (<usize>k << 2);
        c0 = madd(f32x4.splat(load<f32>(aAt)), b0, c0);
        c1 = madd(f32x4.splat(load<f32>(aAt, 4)), b0, c1);
        c2 = madd(f32x4.splat(load<f32>(aAt, 8)), b0, c2);
        c3 = madd(f32x4.splat(load<f32>(aAt, 12)), b0, c3);
      }
      const out0 = c + <usize>k * strideB + (<usize>j << 2);
      v128.store(out0, c0);
      v128.store(out0 + strideB, c1);
      v128.store(out0 + 2 * strideB, c2);
      v128.store(out0 + 3 * strideB, c3);
    }
    for (; k < inner; k++) {
      let c0 = f32x4.splat(0);
      for (let r = 0; r < rows; r++) c0 = madd(f32x4.splat(load<f32>(a + <usize>r * strideA + (<usize>k << 2))), v128.load(bCol + <usize>r * strideB), c0);
      v128.store(c + <usize>k * strideB + (<usize>j << 2), c0);
    }
  }
  // Narrow columns: vectorise over four output rows at a time, which are adjacent in a's rows.
  for (; j < cols; j++) {
    const bCol = b + (<usize>j << 2);
    let k = 0;
    for (; k + 4 <= inner; k += 4) {
      let acc = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        acc = madd(f32x4.splat(load<f32>(bCol + <usize>r * strideB)), v128.load(a + <usize>r * strideA + (<usize>k << 2)), acc);
      }
      const out = c + <usize>k * strideB + (<usize>j << 2);
      store<f32>(out, f32x4.extract_lane(acc, 0));
      store<f32>(out + strideB, f32x4.extract_lane(acc, 1));
      store<f32>(out + 2 * strideB, f32x4.extract_lane(acc, 2));
      store<f32>(out + 3 * strideB, f32x4.extract_lane(acc, 3));
    }
    for (; k < inner; k++) {
      let sum: f32 = 0;
      for (let r = 0; r < rows; r++) sum += load<f32>(a + <usize>r * strideA + (<usize>k << 2)) * load<f32>(bCol + <usize>r * strideB);
      store<f32>(c + <usize>k * strideB + (<usize>j << 2), sum);
    }
  }
}

// dst[cols x rows] = src[rows x cols]^T, so that the input gradient is a matmul of row-major operands.
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let j = 0; j < cols; j++) {
    const out = dst + <usize>j * (<usize>rows << 2);
    const col = src + (<usize>j << 2);
    for (let i = 0; i < rows; i++) store<f32>(out + (<usize>i << 2), load<f32>(col + <usize>i * stride));
  }
}

// Column sums of m[rows x cols] into out[cols]: the bias gradient.
export function columnSums(m: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    let acc = f32x4.splat(0);
    for (let r = 0; r < rows; r++) acc = f32x4.add(acc, v128.load(m + <usize>r * stride + (<usize>j << 2)));
    v128.store(out + (<usize>j << 2), acc);
  }
  for (; j < cols; j++) {
    let sum: f32 = 0;
    for (let r = 0; r < rows; r++) sum += load<f32>(m + <usize>r * stride + (<usize>j << 2));
    store<f32>(out + (<usize>j << 2), sum);
  }
}

// @ts-ignore: decorator
@inline
export function horizontalSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
