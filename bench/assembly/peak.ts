// The peak test: the best f32x4 multiply-add rate this runtime gives. Eight independent
// accumulators, each adding a product that does not depend on it (as in a matrix kernel),
// so neither the add latency nor memory traffic limits the rate.
import { madd } from "../../assembly/simd";

// Runs `iterations` rounds of 8 multiply-adds on 4 lanes: 64 FLOPs a round (mul and add counted apart).
export function peak(iterations: i32, scale: f32): f32 {
  const x0 = f32x4.splat(scale), x1 = f32x4.splat(scale * 0.5), x2 = f32x4.splat(scale * 0.25);
  const b = f32x4.splat(1e-9);
  let c0 = f32x4.splat(0.1), c1 = f32x4.splat(0.2), c2 = f32x4.splat(0.3), c3 = f32x4.splat(0.4);
  let c4 = f32x4.splat(0.5), c5 = f32x4.splat(0.6), c6 = f32x4.splat(0.7), c7 = f32x4.splat(0.8);
  for (let i = 0; i < iterations; i++) {
    c0 = madd(x0, b, c0); c1 = madd(x1, b, c1); c2 = madd(x2, b, c2); c3 = madd(x0, b, c3);
    c4 = madd(x1, b, c4); c5 = madd(x2, b, c5); c6 = madd(x0, b, c6); c7 = madd(x1, b, c7);
  }
  const sum = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(sum, 0);
}
