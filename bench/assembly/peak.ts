// The peak test: the best f32x4 multiply-add rate this runtime gives, from eight
// independent accumulator chains (enough to hide the latency of an add), with no memory traffic.
import { madd } from "../../assembly/simd";

// Runs `iterations` rounds of 8 multiply-adds on 4 lanes: 64 FLOPs a round (mul and add counted apart).
export function peak(iterations: i32, scale: f32): f32 {
  const a = f32x4.splat(scale);
  const b = f32x4.splat(1e-7);
  let c0 = f32x4.splat(0.1);
  let c1 = f32x4.splat(0.2);
  let c2 = f32x4.splat(0.3);
  let c3 = f32x4.splat(0.4);
  let c4 = f32x4.splat(0.5);
  let c5 = f32x4.splat(0.6);
  let c6 = f32x4.splat(0.7);
  let c7 = f32x4.splat(0.8);
  for (let i = 0; i < iterations; i++) {
    c0 = madd(c0, a, b);
    c1 = madd(c1, a, b);
    c2 = madd(c2, a, b);
    c3 = madd(c3, a, b);
    c4 = madd(c4, a, b);
    c5 = madd(c5, a, b);
    c6 = madd(c6, a, b);
    c7 = madd(c7, a, b);
  }
  const sum = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(sum, 0);
}
