// c = epilogue(a . b) over row-major f32 matrices: the forward pass (epilogue: bias, relu)
// and the input gradient (epilogue: an activation's derivative), so no second pass reads c.
//
// Register-blocked: tiles of 2 rows x 16 columns, 4 x 8 and 4 x 4 keep 8 (or 4) f32x4
// accumulators in registers (x64 has 16 vector registers: accumulators, the b vectors of
// one k, a broadcast and a product). Inner loops step pointers, with no index arithmetic,
// and a's values come as load32_splat, a load with no shuffle. They take one k a pass:
// unrolled by two, Binaryen merges the two updates of each accumulator into one expression,
// V8 then holds both k's b vectors at once and spills (measured a quarter slower). Columns
// are the outer loop, so one block of b stays in cache across all rows.
//
// Every output is summed in k order from zero (plain SIMD: a multiply, then an add), as a
// scalar loop would: the tile shape never changes the bits, only the speed. A single
// output column (a binary classifier's output) is a dot product instead: see column.ts.
import { EPI_NONE } from "../src/descriptor";
import { madd } from "./simd";
import { store4, loadPartial, storePartialEpilogue } from "./epilogue";
import { matmulColumn } from "./column";
import { transpose } from "./transpose";

// Packing: b's 16-column blocks, KC rows at a time, copied to one contiguous buffer.
// A block read in place strides by a whole row of b (1 KiB for 256 columns), so its rows
// fall in a few of L1's sets and evict each other; packed, KC rows x 64 bytes (16 KiB)
// stay in L1 while every row pair of a passes over them. Past KC rows the tiles store
// their partial sums and take them up again for the next rows: the same sums, exactly.
const KC = 256;
const PACKED = memory.data(KC * 64, 64);
// Fewer rows than this do not repay the copy.
const PACK_MIN_ROWS = 16;

// c[rows x cols] = epilogue(a[rows x inner] . b[inner x cols]); aux is the bias (EPI_BIAS*)
// or the activations the derivative is taken from (EPI_GRAD_*, laid out like c).
export function matmul(a: usize, b: usize, c: usize, rows: i32, inner: i32, cols: i32, epilogue: i32, aux: usize): void {
  if (cols == 1) {
    matmulColumn(a, b, c, rows, inner, epilogue, aux);
    return;
  }
  const strideA = <usize>inner << 2;
  const strideB = <usize>cols << 2;
  const innerBytes = <usize>inner << 2;
  const rowsEnd = a + <usize>rows * strideA;
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    const colBytes = <usize>j << 2;
    if (strideB == 64 || rows < PACK_MIN_ROWS) {
      columns16(a, rowsEnd, b + colBytes, strideB, c + colBytes, strideA, strideB, innerBytes, true, epilogue, aux, colBytes, c);
      continue;
    }
    for (let k = 0; k < inner; k += KC) {
      const count = min(KC, inner - k);
      pack16(b + <usize>k * strideB + colBytes, strideB, count);
      const last = k + count == inner;
      columns16(a + (<usize>k << 2), rowsEnd, PACKED, 64, c + colBytes, strideA, strideB, <usize>count << 2, k == 0, last ? epilogue : EPI_NONE, aux, colBytes, c);
    }
  }
  for (; j + 8 <= cols; j += 8) {
    const colBytes = <usize>j << 2;
    let pa = a;
    let out = c + colBytes;
    for (; pa + 3 * strideA < rowsEnd; pa += 4 * strideA, out += 4 * strideB) {
      tile4x8(pa, b + colBytes, out, strideA, strideB, innerBytes, epilogue, aux, colBytes, c);
    }
    for (; pa < rowsEnd; pa += strideA, out += strideB) tile1x8(pa, b + colBytes, out, strideB, innerBytes, epilogue, aux, colBytes, c);
  }
  for (; j + 4 <= cols; j += 4) columns4(a, b, c, rowsEnd, strideA, strideB, innerBytes, j, 4, epilogue, aux);
  if (j < cols) columns4(a, b, c, rowsEnd, strideA, strideB, innerBytes, j, cols - j, epilogue, aux);
}

// c[rows x cols] = epilogue(a[rows x inner] . bt[cols x inner]^T): the input gradient
// delta . kernel^T, read from the kernel as it is stored. When every column block of c is
// packed (16-column blocks only, more than one, rows enough to repay packing), the packing
// reads bt's rows and transposes 4 x 4 blocks as it copies, so no transposed kernel is ever
// written; the packed block, and so every sum, is the one matmul packs from bt transposed.
// Other shapes transpose bt into scratch (cols x inner floats) and call matmul.
export function matmulTransposedB(a: usize, bt: usize, c: usize, rows: i32, inner: i32, cols: i32, epilogue: i32, aux: usize, scratch: usize): void {
  if ((cols & 15) != 0 || cols == 16 || rows < PACK_MIN_ROWS) {
    transpose(bt, scratch, cols, inner);
    matmul(a, scratch, c, rows, inner, cols, epilogue, aux);
    return;
  }
  const strideA = <usize>inner << 2;
  const strideC = <usize>cols << 2;
  const rowsEnd = a + <usize>rows * strideA;
  for (let j = 0; j < cols; j += 16) {
    const colBytes = <usize>j << 2;
    const block = bt + <usize>j * strideA;
    for (let k = 0; k < inner; k += KC) {
      const count = min(KC, inner - k);
      pack16Transposed(block + (<usize>k << 2), strideA, count);
      const last = k + count == inner;
      columns16(a + (<usize>k << 2), rowsEnd, PACKED, 64, c + colBytes, strideA, strideC, <usize>count << 2, k == 0, last ? epilogue : EPI_NONE, aux, colBytes, c);
    }
  }
}

// count columns of 16 rows of bt (row stride `stride`) into PACKED as count rows of 64 bytes:
// PACKED[k][q] = bt[q][k], four k and four q at a time as four vectors and eight shuffles.
function pack16Transposed(bt: usize, stride: usize, count: i32): void {
  const count4 = count & ~3;
  for (let q = 0; q < 16; q += 4) {
    const from = bt + <usize>q * stride;
    const to = PACKED + (<usize>q << 2);
    for (let k = 0; k < count4; k += 4) {
      const at = from + (<usize>k << 2);
      const r0 = v128.load(at), r1 = v128.load(at + stride);
      const r2 = v128.load(at + 2 * stride), r3 = v128.load(at + 3 * stride);
      const low01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), low23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const high01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), high23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const out = to + (<usize>k << 6);
      v128.store(out, v128.shuffle<f32>(low01, low23, 0, 1, 4, 5));
      v128.store(out, v128.shuffle<f32>(low01, low23, 2, 3, 6, 7), 64);
      v128.store(out, v128.shuffle<f32>(high01, high23, 0, 1, 4, 5), 128);
      v128.store(out, v128.shuffle<f32>(high01, high23, 2, 3, 6, 7), 192);
    }
    for (let k = count4; k < count; k++) {
      for (let r = 0; r < 4; r++) store<f32>(to + (<usize>k << 6) + (<usize>r << 2), load<f32>(from + <usize>r * stride + (<usize>k << 2)));
    }
  }
}

// count rows of a 16-column block of b (row stride `stride`) into PACKED, 64 bytes a row.
function pack16(b: usize, stride: usize, count: i32): void {
  let to = PACKED;
  const end = PACKED + (<usize>count << 6);
  for (let from = b; to < end; from += stride, to += 64) {
    v128.store(to, v128.load(from)); v128.store(to, v128.load(from, 16), 16);
    v128.store(to, v128.load(from, 32), 32); v128.store(to, v128.load(from, 48), 48);
  }
}

// One 16-column block of c over every row of a: from a[., 0..innerBytes) and the block's
// rows of b (bStride bytes apart), starting from zero (first) or from the sums in c.
// @ts-ignore: decorator
@inline function columns16(a: usize, rowsEnd: usize, b: usize, bStride: usize, out: usize, strideA: usize, strideC: usize, innerBytes: usize, first: bool, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  let pa = a;
  let o = out;
  for (; pa + strideA < rowsEnd; pa += 2 * strideA, o += 2 * strideC) {
    tile2x16(pa, b, o, strideA, bStride, strideC, innerBytes, first, epilogue, aux, colBytes, c);
  }
  if (pa < rowsEnd) tile1x16(pa, b, o, bStride, innerBytes, first, epilogue, aux, colBytes, c);
}

// Columns j..j+width of c, width 1 to 4 (a constant 4 in the main loop, so its branches fold away).
// @ts-ignore: decorator
@inline function columns4(a: usize, b: usize, c: usize, rowsEnd: usize, strideA: usize, strideB: usize, innerBytes: usize, j: i32, width: i32, epilogue: i32, aux: usize): void {
  const colBytes = <usize>j << 2;
  let pa = a;
  let out = c + colBytes;
  for (; pa + 3 * strideA < rowsEnd; pa += 4 * strideA, out += 4 * strideB) {
    tile4x4(pa, b + colBytes, out, strideA, strideB, innerBytes, width, epilogue, aux, colBytes, c);
  }
  for (; pa < rowsEnd; pa += strideA, out += strideB) tile1x4(pa, b + colBytes, out, strideB, innerBytes, width, epilogue, aux, colBytes, c);
}

// Rows a0 and a0 + strideA, columns b[0..16): 8 accumulators, 4 b vectors per k.
// @ts-ignore: decorator
@inline function tile2x16(a0: usize, b: usize, out: usize, strideA: usize, bStride: usize, strideC: usize, innerBytes: usize, first: bool, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  const out1 = out + strideC;
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  if (!first) {
    c00 = v128.load(out); c01 = v128.load(out, 16); c02 = v128.load(out, 32); c03 = v128.load(out, 48);
    c10 = v128.load(out1); c11 = v128.load(out1, 16); c12 = v128.load(out1, 32); c13 = v128.load(out1, 48);
  }
  let p0 = a0, p1 = a0 + strideA, pb = b;
  const end = a0 + innerBytes;
  while (p0 < end) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16), b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
    let x = v128.load32_splat(p0);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01); c02 = madd(x, b2, c02); c03 = madd(x, b3, c03);
    x = v128.load32_splat(p1);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11); c12 = madd(x, b2, c12); c13 = madd(x, b3, c13);
    pb += bStride;
    p0 += 4;
    p1 += 4;
  }
  store4(out, c00, epilogue, aux, colBytes, c);
  store4(out + 16, c01, epilogue, aux, colBytes + 16, c);
  store4(out + 32, c02, epilogue, aux, colBytes + 32, c);
  store4(out + 48, c03, epilogue, aux, colBytes + 48, c);
  store4(out1, c10, epilogue, aux, colBytes, c);
  store4(out1 + 16, c11, epilogue, aux, colBytes + 16, c);
  store4(out1 + 32, c12, epilogue, aux, colBytes + 32, c);
  store4(out1 + 48, c13, epilogue, aux, colBytes + 48, c);
}

// @ts-ignore: decorator
@inline function tile1x16(a0: usize, b: usize, out: usize, bStride: usize, innerBytes: usize, first: bool, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  if (!first) {
    c00 = v128.load(out); c01 = v128.load(out, 16); c02 = v128.load(out, 32); c03 = v128.load(out, 48);
  }
  const end = a0 + innerBytes;
  for (let p0 = a0, pb = b; p0 < end; p0 += 4, pb += bStride) {
    const x = v128.load32_splat(p0);
    c00 = madd(x, v128.load(pb), c00); c01 = madd(x, v128.load(pb, 16), c01);
    c02 = madd(x, v128.load(pb, 32), c02); c03 = madd(x, v128.load(pb, 48), c03);
  }
  store4(out, c00, epilogue, aux, colBytes, c);
  store4(out + 16, c01, epilogue, aux, colBytes + 16, c);
  store4(out + 32, c02, epilogue, aux, colBytes + 32, c);
  store4(out + 48, c03, epilogue, aux, colBytes + 48, c);
}

// Rows a0 .. a0 + 3 strideA, columns b[0..8): 8 accumulators, 2 b vectors per k.
// @ts-ignore: decorator
@inline function tile4x8(a0: usize, b: usize, out: usize, strideA: usize, strideB: usize, innerBytes: usize, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let p0 = a0, p1 = a0 + strideA, p2 = p1 + strideA, p3 = p2 + strideA, pb = b;
  const end = a0 + innerBytes;
  while (p0 < end) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let x = v128.load32_splat(p0);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(p1);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(p2);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(p3);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    pb += strideB;
    p0 += 4; p1 += 4; p2 += 4; p3 += 4;
  }
  let o = out;
  store4(o, c00, epilogue, aux, colBytes, c); store4(o + 16, c01, epilogue, aux, colBytes + 16, c);
  o += strideB;
  store4(o, c10, epilogue, aux, colBytes, c); store4(o + 16, c11, epilogue, aux, colBytes + 16, c);
  o += strideB;
  store4(o, c20, epilogue, aux, colBytes, c); store4(o + 16, c21, epilogue, aux, colBytes + 16, c);
  o += strideB;
  store4(o, c30, epilogue, aux, colBytes, c); store4(o + 16, c31, epilogue, aux, colBytes + 16, c);
}

// @ts-ignore: decorator
@inline function tile1x8(a0: usize, b: usize, out: usize, strideB: usize, innerBytes: usize, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  const end = a0 + innerBytes;
  for (let p0 = a0, pb = b; p0 < end; p0 += 4, pb += strideB) {
    const x = v128.load32_splat(p0);
    c00 = madd(x, v128.load(pb), c00); c01 = madd(x, v128.load(pb, 16), c01);
  }
  store4(out, c00, epilogue, aux, colBytes, c);
  store4(out + 16, c01, epilogue, aux, colBytes + 16, c);
}

// Rows a0 .. a0 + 3 strideA, columns b[0..width), width 1 to 4: the last columns are
// loaded and stored partially, never past the row's end.
// @ts-ignore: decorator
@inline function tile4x4(a0: usize, b: usize, out: usize, strideA: usize, strideB: usize, innerBytes: usize, width: i32, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let p0 = a0, p1 = a0 + strideA, p2 = p1 + strideA, p3 = p2 + strideA, pb = b;
  const end = a0 + innerBytes;
  for (; p0 < end; p0 += 4, p1 += 4, p2 += 4, p3 += 4, pb += strideB) {
    const b0 = width == 4 ? v128.load(pb) : loadPartial(pb, width);
    c0 = madd(v128.load32_splat(p0), b0, c0); c1 = madd(v128.load32_splat(p1), b0, c1);
    c2 = madd(v128.load32_splat(p2), b0, c2); c3 = madd(v128.load32_splat(p3), b0, c3);
  }
  if (width == 4) {
    store4(out, c0, epilogue, aux, colBytes, c);
    store4(out + strideB, c1, epilogue, aux, colBytes, c);
    store4(out + 2 * strideB, c2, epilogue, aux, colBytes, c);
    store4(out + 3 * strideB, c3, epilogue, aux, colBytes, c);
  } else {
    storePartialEpilogue(out, c0, width, epilogue, aux, colBytes, c);
    storePartialEpilogue(out + strideB, c1, width, epilogue, aux, colBytes, c);
    storePartialEpilogue(out + 2 * strideB, c2, width, epilogue, aux, colBytes, c);
    storePartialEpilogue(out + 3 * strideB, c3, width, epilogue, aux, colBytes, c);
  }
}

// @ts-ignore: decorator
@inline function tile1x4(a0: usize, b: usize, out: usize, strideB: usize, innerBytes: usize, width: i32, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  let c0 = f32x4.splat(0);
  const end = a0 + innerBytes;
  for (let p0 = a0, pb = b; p0 < end; p0 += 4, pb += strideB) {
    c0 = madd(v128.load32_splat(p0), width == 4 ? v128.load(pb) : loadPartial(pb, width), c0);
  }
  if (width == 4) store4(out, c0, epilogue, aux, colBytes, c);
  else storePartialEpilogue(out, c0, width, epilogue, aux, colBytes, c);
}
