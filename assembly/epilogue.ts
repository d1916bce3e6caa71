// What the matrix kernel does to four outputs before storing them: add the bias, apply
// relu, or multiply by an activation's derivative (taken from the activations, laid out
// like the output). Each lane gets exactly the scalar operations of the reference, so a
// tile's lanes, a partial tile's lanes and a single column's sums round alike.
import { EPI_NONE, EPI_BIAS, EPI_BIAS_RELU, EPI_GRAD_RELU, EPI_GRAD_SIGMOID, EPI_GRAD_TANH } from "../src/descriptor";

// v with the epilogue applied, given the bias at the tile's columns (EPI_BIAS*) and the
// activations at the tile's outputs (EPI_GRAD_*); the caller loads whichever the epilogue uses.
// @ts-ignore: decorator
@inline export function applyEpilogue(v: v128, epilogue: i32, bias: v128, activations: v128): v128 {
  if (epilogue == EPI_NONE) return v;
  if (epilogue == EPI_BIAS) return f32x4.add(v, bias);
  if (epilogue == EPI_BIAS_RELU) return f32x4.max(f32x4.add(v, bias), f32x4.splat(0));
  const y = activations;
  if (epilogue == EPI_GRAD_RELU) return v128.and(v, f32x4.gt(y, f32x4.splat(0)));
  if (epilogue == EPI_GRAD_SIGMOID) return f32x4.mul(v, f32x4.mul(y, f32x4.sub(f32x4.splat(1), y)));
  if (epilogue == EPI_GRAD_TANH) return f32x4.mul(v, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
  return v;
}

// @ts-ignore: decorator
@inline export function usesBias(epilogue: i32): bool {
  return epilogue == EPI_BIAS || epilogue == EPI_BIAS_RELU;
}

// Stores four outputs of row-major c at byte address out, for columns starting at byte
// colBytes; aux is the bias (indexed by column) or the activations (laid out like c).
// Each epilogue loads only what it uses. The tests run in the order of how often a
// tile meets them (relu layers forward, then backward), since V8 keeps every test.
// @ts-ignore: decorator
@inline export function store4(out: usize, v: v128, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  if (epilogue == EPI_BIAS_RELU) {
    v128.store(out, f32x4.max(f32x4.add(v, v128.load(aux + colBytes)), f32x4.splat(0)));
  } else if (epilogue == EPI_GRAD_RELU) {
    v128.store(out, v128.and(v, f32x4.gt(v128.load(aux + (out - c)), f32x4.splat(0))));
  } else if (epilogue == EPI_BIAS) {
    v128.store(out, f32x4.add(v, v128.load(aux + colBytes)));
  } else if (epilogue == EPI_NONE) {
    v128.store(out, v);
  } else {
    v128.store(out, applyEpilogue(v, epilogue, f32x4.splat(0), v128.load(aux + (out - c))));
  }
}

// The first `width` (1 to 3) floats at p in lanes 0.., zeros above: never reads past them.
// @ts-ignore: decorator
@inline export function loadPartial(p: usize, width: i32): v128 {
  if (width == 1) return v128.load32_zero(p);
  const pair = v128.load64_zero(p);
  return width == 2 ? pair : f32x4.replace_lane(pair, 2, load<f32>(p, 8));
}

// Stores lanes 0..width-1 (width 1 to 3) of v at p.
// @ts-ignore: decorator
@inline export function storePartial(p: usize, v: v128, width: i32): void {
  if (width == 1) {
    v128.store32_lane(p, v, 0);
    return;
  }
  v128.store64_lane(p, v, 0);
  if (width == 3) v128.store32_lane(p, v, 2, 8);
}

// store4 for the last 1 to 3 columns of a row.
// @ts-ignore: decorator
@inline export function storePartialEpilogue(out: usize, v: v128, width: i32, epilogue: i32, aux: usize, colBytes: usize, c: usize): void {
  if (epilogue == EPI_NONE) {
    storePartial(out, v, width);
  } else if (usesBias(epilogue)) {
    storePartial(out, applyEpilogue(v, epilogue, loadPartial(aux + colBytes, width), f32x4.splat(0)), width);
  } else {
    storePartial(out, applyEpilogue(v, epilogue, f32x4.splat(0), loadPartial(aux + (out - c), width)), width);
  }
}
