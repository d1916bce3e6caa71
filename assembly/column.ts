// c = epilogue(a . b) when b is a single column (a binary classifier's output layer):
// each output is a dot product of a row of a with b, both contiguous. Four rows at a time
// share each vector of b, and their four sums leave as one vector, with one bias add and
// one store, instead of four scalar tails.
//
// A row's sum is the one this kernel has always given: lanes l0..l3 hold the products of
// k = lane (mod 4), summed as (l0 + l1) + (l2 + l3), then the last inner % 4 products are
// added in k order.
import { EPI_NONE } from "../src/descriptor";
import { madd, horizontalSum } from "./simd";
import { applyEpilogue, usesBias } from "./epilogue";

export function matmulColumn(a: usize, b: usize, c: usize, rows: i32, inner: i32, epilogue: i32, aux: usize): void {
  const strideA = <usize>inner << 2;
  const vectorBytes = <usize>(inner & ~3) << 2;
  const innerBytes = <usize>inner << 2;
  const bias = usesBias(epilogue) ? v128.load32_splat(aux) : f32x4.splat(0);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a0 = a + <usize>r * strideA, a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let k: usize = 0; k < vectorBytes; k += 16) {
      const w = v128.load(b + k);
      s0 = madd(v128.load(a0 + k), w, s0);
      s1 = madd(v128.load(a1 + k), w, s1);
      s2 = madd(v128.load(a2 + k), w, s2);
      s3 = madd(v128.load(a3 + k), w, s3);
    }
    let sums = laneSums(s0, s1, s2, s3);
    for (let k = vectorBytes; k < innerBytes; k += 4) {
      // The scalar tail: sum + a * b for each of the four rows, unfused in every build.
      let column = v128.load32_zero(a0 + k);
      column = f32x4.replace_lane(column, 1, load<f32>(a1 + k));
      column = f32x4.replace_lane(column, 2, load<f32>(a2 + k));
      column = f32x4.replace_lane(column, 3, load<f32>(a3 + k));
      sums = f32x4.add(sums, f32x4.mul(column, v128.load32_splat(b + k)));
    }
    const out = c + (<usize>r << 2);
    // The activations (for a derivative) lie in a column too: four rows, one vector.
    v128.store(out, usesBias(epilogue) || epilogue == EPI_NONE ? applyEpilogue(sums, epilogue, bias, bias) : applyEpilogue(sums, epilogue, bias, v128.load(aux + (<usize>r << 2))));
  }
  for (; r < rows; r++) {
    const a0 = a + <usize>r * strideA;
    let s0 = f32x4.splat(0);
    for (let k: usize = 0; k < vectorBytes; k += 16) s0 = madd(v128.load(a0 + k), v128.load(b + k), s0);
    let sum = horizontalSum(s0);
    for (let k = vectorBytes; k < innerBytes; k += 4) sum += load<f32>(a0 + k) * load<f32>(b + k);
    const v = f32x4.splat(sum);
    const out = c + (<usize>r << 2);
    if (usesBias(epilogue) || epilogue == EPI_NONE) v128.store32_lane(out, applyEpilogue(v, epilogue, bias, bias), 0);
    else v128.store32_lane(out, applyEpilogue(v, epilogue, bias, v128.load32_splat(aux + (<usize>r << 2))), 0);
  }
}

// [(l0 + l1) + (l2 + l3)] of each of four vectors, as one vector.
// @ts-ignore: decorator
@inline function laneSums(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  // [s0.l0 + s0.l1, s0.l2 + s0.l3, s1.l0 + s1.l1, s1.l2 + s1.l3], and the same for s2, s3.
  const pairs01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 2, 4, 6), v128.shuffle<f32>(s0, s1, 1, 3, 5, 7));
  const pairs23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 2, 4, 6), v128.shuffle<f32>(s2, s3, 1, 3, 5, 7));
  return f32x4.add(v128.shuffle<f32>(pairs01, pairs23, 0, 2, 4, 6), v128.shuffle<f32>(pairs01, pairs23, 1, 3, 5, 7));
}
