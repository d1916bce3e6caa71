// Four lanes at a time, the bits of AssemblyScript's Mathf.exp and Mathf.log1p (ports of
// ARM's optimized-routines expf and of musl's log1pf): every lane takes the scalar
// function's operations in the same order, in f64x2 and f32x4 arithmetic, so a vectorised
// loss gives the sums the scalar loss gave. Each covers only the range the binary
// cross-entropy feeds it; the caller checks that range (expArgumentsInRange) and takes the
// scalar functions outside it.

// exp2f_data_tab of optimized-routines (as in AssemblyScript's std/assembly/util/math.ts):
// tab[i] = bits(2^(i/32)) - (i << 47).
const EXP2F_TAB = memory.data<u64>([
  0x3FF0000000000000, 0x3FEFD9B0D3158574, 0x3FEFB5586CF9890F, 0x3FEF9301D0125B51,
  0x3FEF72B83C7D517B, 0x3FEF54873168B9AA, 0x3FEF387A6E756238, 0x3FEF1E9DF51FDEE1,
  0x3FEF06FE0A31B715, 0x3FEEF1A7373AA9CB, 0x3FEEDEA64C123422, 0x3FEECE086061892D,
  0x3FEEBFDAD5362A27, 0x3FEEB42B569D4F82, 0x3FEEAB07DD485429, 0x3FEEA47EB03A5585,
  0x3FEEA09E667F3BCD, 0x3FEE9F75E8EC5F74, 0x3FEEA11473EB0187, 0x3FEEA589994CCE13,
  0x3FEEACE5422AA0DB, 0x3FEEB737B0CDC5E5, 0x3FEEC49182A3F090, 0x3FEED503B23E255D,
  0x3FEEE89F995AD3AD, 0x3FEEFF76F2FB5E47, 0x3FEF199BDD85529C, 0x3FEF3720DCEF9069,
  0x3FEF5818DCFBA487, 0x3FEF7C97337B9B5F, 0x3FEFA4AFA2A490DA, 0x3FEFD0765B6E4540,
]);

// Whether every lane of x is one expf takes its main path for (|x| < 88, not NaN):
// bits 20..30 of the float below 0x42B, as expf tests them.
// @ts-ignore: decorator
@inline export function expArgumentsInRange(x: v128): bool {
  const exponent = v128.and(i32x4.shr_u(x, 20), i32x4.splat(0x7FF));
  return i32x4.all_true(i32x4.lt_s(exponent, i32x4.splat(0x42B)));
}

// Mathf.exp of each lane, for lanes with expArgumentsInRange.
// @ts-ignore: decorator
@inline export function expLanes(x: v128): v128 {
  const low = expHalf(f64x2.promote_low_f32x4(x));
  const high = expHalf(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3)));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5);
}

// expf_lut's main path on two doubles: exp(x) = 2^(k/N) 2^(r/N), N = 32.
// @ts-ignore: decorator
@inline function expHalf(xd: v128): v128 {
  const shift = f64x2.splat(reinterpret<f64>(0x4338000000000000));
  const invLn2N = f64x2.splat(reinterpret<f64>(0x3FF71547652B82FE) * 32);
  const c0 = f64x2.splat(reinterpret<f64>(0x3FAC6AF84B912394) / 32 / 32 / 32);
  const c1 = f64x2.splat(reinterpret<f64>(0x3FCEBFCE50FAC4F3) / 32 / 32);
  const c2 = f64x2.splat(reinterpret<f64>(0x3FE62E42FF0C52D6) / 32);
  const z = f64x2.mul(invLn2N, xd);
  const kd = f64x2.add(z, shift);
  const r = f64x2.sub(z, f64x2.sub(kd, shift));
  // t = tab[k % 32] + (k << 47), k the low bits of kd.
  let tab = i64x2.splat(load<u64>(EXP2F_TAB + ((<usize>i64x2.extract_lane(kd, 0) & 31) << 3)));
  tab = i64x2.replace_lane(tab, 1, load<u64>(EXP2F_TAB + ((<usize>i64x2.extract_lane(kd, 1) & 31) << 3)));
  const s = i64x2.add(tab, i64x2.shl(kd, 47));
  const zz = f64x2.add(f64x2.mul(c0, r), c1);
  let y = f64x2.add(f64x2.mul(c2, r), f64x2.splat(1));
  y = f64x2.add(y, f64x2.mul(zz, f64x2.mul(r, r)));
  return f64x2.mul(y, s);
}

// Mathf.log1p of each lane, for lanes in [0, 1] (log1pf's paths for x >= 0.41421, for
// 2^-24 <= x < 0.41421, and x itself below 2^-24).
// @ts-ignore: decorator
@inline export function log1pLanes(x: v128): v128 {
  const ln2Hi = f32x4.splat(reinterpret<f32>(0x3F317180));
  const ln2Lo = f32x4.splat(reinterpret<f32>(0x3717F7D1));
  const lg1 = f32x4.splat(reinterpret<f32>(0x3F2AAAAA));
  const lg2 = f32x4.splat(reinterpret<f32>(0x3ECCCE13));
  const lg3 = f32x4.splat(reinterpret<f32>(0x3E91E9EE));
  const lg4 = f32x4.splat(reinterpret<f32>(0x3E789E26));
  const one = f32x4.splat(1);
  // Lanes of at least 0x3ED413D0 (0.41421) reduce 1 + x to [sqrt(2)/2, sqrt(2)) times 2^k.
  const reduce = i32x4.ge_s(x, i32x4.splat(0x3ED413D0));
  const uf = f32x4.add(one, x);
  const iu = i32x4.add(uf, i32x4.splat(0x3F800000 - 0x3F3504F3));
  // k is 0 or 1 for x in [0.41421, 1], so c is x - (uf - 1), never 1 - (uf - x).
  const k = i32x4.sub(i32x4.shr_u(iu, 23), i32x4.splat(0x7F));
  const reducedC = f32x4.div(f32x4.sub(x, f32x4.sub(uf, one)), uf);
  const reducedF = f32x4.sub(i32x4.add(v128.and(iu, i32x4.splat(0x007FFFFF)), i32x4.splat(0x3F3504F3)), one);
  const f = v128.bitselect(reducedF, x, reduce);
  const c = v128.and(reducedC, reduce);
  const dk = f32x4.convert_i32x4_s(v128.and(k, reduce));
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2), f));
  const z = f32x4.mul(s, s);
  const w = f32x4.mul(z, z);
  const t1 = f32x4.mul(w, f32x4.add(lg2, f32x4.mul(w, lg4)));
  const t2 = f32x4.mul(z, f32x4.add(lg1, f32x4.mul(w, lg3)));
  const r = f32x4.add(t2, t1);
  const hfsq = f32x4.mul(f32x4.mul(f32x4.splat(0.5), f), f);
  // s (hfsq + r) + (dk ln2_lo + c) - hfsq + f + dk ln2_hi, left to right.
  let result = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.add(f32x4.mul(dk, ln2Lo), c));
  result = f32x4.add(f32x4.add(f32x4.sub(result, hfsq), f), f32x4.mul(dk, ln2Hi));
  // Below 2^-24, log1pf returns x itself.
  return v128.bitselect(x, result, i32x4.lt_s(x, i32x4.splat(0x33800000)));
}
