// The kernel and bias gradients of a dense layer: c = a^T . b (input^T . delta) and the
// column sums of b. A short batch is read straight from its row-major rows; a long one is
// transposed first and goes through matmul (see matmulTransposedA).
//
// The rows of the batch are the reduction: tiles of 2 output rows x 16 columns, 4 x 8 and
// 4 x 4 keep their accumulators in registers while the loop walks down a and b, one row a
// pass; a tile's a values are adjacent in one row of a (constant offsets, load32_splat).
// Columns past the last multiple of 4 (a single output unit, say) are vectorised over the
// output rows instead, which lie side by side in a's rows.
//
// Every output is summed over the rows in order from zero, as a scalar loop would.
import { EPI_NONE } from "../src/descriptor";
import { madd } from "./simd";
import { matmul } from "./matmul";
import { transpose } from "./transpose";

// Batches of at least this many rows, for 16 columns or more, are transposed first (see matmulTransposedA).
const TRANSPOSE_MIN_ROWS = 64;

// c[inner x cols] = a[rows x inner]^T . b[rows x cols]. A long batch is transposed into
// scratch (inner x rows floats) and multiplied as a^T . b by matmul, which packs b: walking
// down a long batch in place, a's rows and b's fall in few cache sets and evict each other.
export function matmulTransposedA(a: usize, b: usize, c: usize, rows: i32, inner: i32, cols: i32, scratch: usize): void {
  if (rows >= TRANSPOSE_MIN_ROWS && cols >= 16) {
    transpose(a, scratch, rows, inner);
    matmul(scratch, b, c, inner, rows, cols, EPI_NONE, 0);
    return;
  }
  const strideA = <usize>inner << 2;
  const strideB = <usize>cols << 2;
  const rowsEnd = b + <usize>rows * strideB;
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    const colBytes = <usize>j << 2;
    let k = 0;
    for (; k + 2 <= inner; k += 2) tile2x16(a + (<usize>k << 2), b + colBytes, rowsEnd + colBytes, c + <usize>k * strideB + colBytes, strideA, strideB, 2);
    if (k < inner) tile2x16(a + (<usize>k << 2), b + colBytes, rowsEnd + colBytes, c + <usize>k * strideB + colBytes, strideA, strideB, 1);
  }
  for (; j + 8 <= cols; j += 8) {
    const colBytes = <usize>j << 2;
    let k = 0;
    for (; k + 4 <= inner; k += 4) tile4x8(a + (<usize>k << 2), b + colBytes, rowsEnd + colBytes, c + <usize>k * strideB + colBytes, strideA, strideB);
    for (; k < inner; k++) tile1x8(a + (<usize>k << 2), b + colBytes, rowsEnd + colBytes, c + <usize>k * strideB + colBytes, strideA, strideB);
  }
  for (; j + 4 <= cols; j += 4) {
    const colBytes = <usize>j << 2;
    let k = 0;
    for (; k + 4 <= inner; k += 4) tile4x4(a + (<usize>k << 2), b + colBytes, rowsEnd + colBytes, c + <usize>k * strideB + colBytes, strideA, strideB);
    for (; k < inner; k++) tile1x4(a + (<usize>k << 2), b + colBytes, rowsEnd + colBytes, c + <usize>k * strideB + colBytes, strideA, strideB);
  }
  for (; j < cols; j++) singleColumn(a, b + (<usize>j << 2), c + (<usize>j << 2), rows, inner, strideA, strideB);
}

// Output rows k (and k + 1 when count is 2), columns b[0..16): b's row r is 4 vectors.
// @ts-ignore: decorator
@inline function tile2x16(a: usize, b: usize, bEnd: usize, out: usize, strideA: usize, strideB: usize, count: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  let pa = a, pb = b;
  if (count == 2) {
    while (pb < bEnd) {
      const b0 = v128.load(pb), b1 = v128.load(pb, 16), b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
      let x = v128.load32_splat(pa);
      c00 = madd(x, b0, c00); c01 = madd(x, b1, c01); c02 = madd(x, b2, c02); c03 = madd(x, b3, c03);
      x = v128.load32_splat(pa, 4);
      c10 = madd(x, b0, c10); c11 = madd(x, b1, c11); c12 = madd(x, b2, c12); c13 = madd(x, b3, c13);
      pb += strideB;
      pa += strideA;
    }
  } else {
    for (; pb < bEnd; pb += strideB, pa += strideA) {
      const x = v128.load32_splat(pa);
      c00 = madd(x, v128.load(pb), c00); c01 = madd(x, v128.load(pb, 16), c01);
      c02 = madd(x, v128.load(pb, 32), c02); c03 = madd(x, v128.load(pb, 48), c03);
    }
  }
  v128.store(out, c00); v128.store(out, c01, 16); v128.store(out, c02, 32); v128.store(out, c03, 48);
  if (count == 2) {
    const out1 = out + strideB;
    v128.store(out1, c10); v128.store(out1, c11, 16); v128.store(out1, c12, 32); v128.store(out1, c13, 48);
  }
}

// Output rows k..k+3, columns b[0..8): four adjacent values of a's row r, two vectors of b's.
// @ts-ignore: decorator
@inline function tile4x8(a: usize, b: usize, bEnd: usize, out: usize, strideA: usize, strideB: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pa = a, pb = b;
  while (pb < bEnd) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(pa, 8);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(pa, 12);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    pb += strideB;
    pa += strideA;
  }
  let o = out;
  v128.store(o, c00); v128.store(o, c01, 16);
  o += strideB;
  v128.store(o, c10); v128.store(o, c11, 16);
  o += strideB;
  v128.store(o, c20); v128.store(o, c21, 16);
  o += strideB;
  v128.store(o, c30); v128.store(o, c31, 16);
}

// @ts-ignore: decorator
@inline function tile1x8(a: usize, b: usize, bEnd: usize, out: usize, strideA: usize, strideB: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  for (let pa = a, pb = b; pb < bEnd; pb += strideB, pa += strideA) {
    const x = v128.load32_splat(pa);
    c00 = madd(x, v128.load(pb), c00); c01 = madd(x, v128.load(pb, 16), c01);
  }
  v128.store(out, c00); v128.store(out, c01, 16);
}

// Output rows k..k+3, columns b[0..4).
// @ts-ignore: decorator
@inline function tile4x4(a: usize, b: usize, bEnd: usize, out: usize, strideA: usize, strideB: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let pa = a, pb = b;
  while (pb < bEnd) {
    const b0 = v128.load(pb);
    c0 = madd(v128.load32_splat(pa), b0, c0); c1 = madd(v128.load32_splat(pa, 4), b0, c1);
    c2 = madd(v128.load32_splat(pa, 8), b0, c2); c3 = madd(v128.load32_splat(pa, 12), b0, c3);
    pb += strideB;
    pa += strideA;
  }
  v128.store(out, c0);
  v128.store(out + strideB, c1);
  v128.store(out + 2 * strideB, c2);
  v128.store(out + 3 * strideB, c3);
}

// @ts-ignore: decorator
@inline function tile1x4(a: usize, b: usize, bEnd: usize, out: usize, strideA: usize, strideB: usize): void {
  let c0 = f32x4.splat(0);
  for (let pa = a, pb = b; pb < bEnd; pb += strideB, pa += strideA) c0 = madd(v128.load32_splat(pa), v128.load(pb), c0);
  v128.store(out, c0);
}

// Column j of c (c and b already offset to it): c[k][j] = sum over r of a[r][k] b[r][j],
// vectorised over eight, then four, adjacent k, with b[r][j] broadcast.
function singleColumn(a: usize, b: usize, c: usize, rows: i32, inner: i32, strideA: usize, strideB: usize): void {
  const bEnd = b + <usize>rows * strideB;
  let k = 0;
  for (; k + 8 <= inner; k += 8) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    for (let pa = a + (<usize>k << 2), pb = b; pb < bEnd; pb += strideB, pa += strideA) {
      const d = v128.load32_splat(pb);
      s0 = madd(d, v128.load(pa), s0);
      s1 = madd(d, v128.load(pa, 16), s1);
    }
    storeColumn(c + <usize>k * strideB, s0, strideB);
    storeColumn(c + <usize>(k + 4) * strideB, s1, strideB);
  }
  for (; k + 4 <= inner; k += 4) {
    let s0 = f32x4.splat(0);
    for (let pa = a + (<usize>k << 2), pb = b; pb < bEnd; pb += strideB, pa += strideA) s0 = madd(v128.load32_splat(pb), v128.load(pa), s0);
    storeColumn(c + <usize>k * strideB, s0, strideB);
  }
  for (; k < inner; k++) {
    let sum: f32 = 0;
    for (let pa = a + (<usize>k << 2), pb = b; pb < bEnd; pb += strideB, pa += strideA) sum += load<f32>(pa) * load<f32>(pb);
    store<f32>(c + <usize>k * strideB, sum);
  }
}

// The four lanes of v down a column of c, one row apart.
// @ts-ignore: decorator
@inline function storeColumn(out: usize, v: v128, strideB: usize): void {
  v128.store32_lane(out, v, 0);
  v128.store32_lane(out + strideB, v, 1);
  v128.store32_lane(out + 2 * strideB, v, 2);
  v128.store32_lane(out + 3 * strideB, v, 3);
}

// Column sums of m[rows x cols] into out[cols]: the bias gradient, summed over rows in order.
export function columnSums(m: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  const end = m + <usize>rows * stride;
  let j = 0;
  for (; j + 8 <= cols; j += 8) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    for (let p = m + (<usize>j << 2); p < end; p += stride) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
    }
    v128.store(out + (<usize>j << 2), s0);
    v128.store(out + (<usize>j << 2), s1, 16);
  }
  for (; j + 4 <= cols; j += 4) {
    let s0 = f32x4.splat(0);
    for (let p = m + (<usize>j << 2); p < end; p += stride) s0 = f32x4.add(s0, v128.load(p));
    v128.store(out + (<usize>j << 2), s0);
  }
  for (; j < cols; j++) {
    let sum: f32 = 0;
    for (let p = m + (<usize>j << 2); p < end; p += stride) sum += load<f32>(p);
    store<f32>(out + (<usize>j << 2), sum);
  }
}
