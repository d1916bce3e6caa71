// Data shifts for the fine-tuning scenario (issue 9, part 3): a network trained on the
// source data is fine-tuned on shifted data, to see which layers have to train. Each
// built-in shift is one that a single layer can undo exactly, so the question "does
// training only that layer suffice?" has a known answer:
//   input     x' = A x + c, a seeded invertible affine map of the standardised features;
//             layer 1 undoes it with W' = A^-T W, b' = b - W'^T c.
//   label     y' = p(y), a seeded permutation of the classes other than the identity; the
//             last layer undoes it by permuting its units (softmax) or negating w and b
//             (a sigmoid's two classes: p is the swap).
//   noise:S   x' = x + S z, z standard normal per feature and row: no layer undoes it.
// Every draw goes through the project's seeded streams (src/random.ts) and is computed with
// IEEE arithmetic and square roots only (which engines round correctly, unlike Math.log or
// Math.cos), so the same seed gives the same bits in every runtime. The shifts act on a
// PreparedData, whose features are already standardised with the source's training
// statistics; nothing is re-standardised afterwards (that would fold part of the shift
// into the statistics).
import { randomStream, type Random } from '../random.js';
import type { PreparedData } from './experiment.js';

/** A shift, as `--shift` writes it: `input`, `label` or `noise:S`. */
export type Shift = { kind: 'input' } | { kind: 'label' } | { kind: 'noise'; sd: number };

/**
 * The range of the input shift's per-feature scales, drawn uniformly. The map's
 * singular values are exactly these scales (A = Q D with Q orthogonal), so its condition
 * number is at most max / min = 4.
 */
export const INPUT_SCALE_RANGE = { min: 0.5, max: 2 } as const;
/** The bound on the input shift's condition number: INPUT_SCALE_RANGE.max / INPUT_SCALE_RANGE.min. */
export const INPUT_CONDITION_BOUND = INPUT_SCALE_RANGE.max / INPUT_SCALE_RANGE.min;
/** Each component of the input shift's offset c is uniform in [-OFFSET, OFFSET] (in standard deviations). */
export const INPUT_OFFSET = 1;

/** x' = A x + c on one row: A row-major (features x features), in doubles. */
export interface AffineMap {
  features: number;
  /** A = rotation · diag(scales), row-major: A[i][j] = rotation[i][j] * scales[j]. */
  matrix: Float64Array;
  offset: Float64Array;
  /** The orthogonal factor Q, row-major (its determinant may be -1: a reflection). */
  rotation: Float64Array;
  /** The diagonal factor: A's singular values. */
  scales: Float64Array;
}

/** What a shift did, for reports: the map, the permutation or the noise level. */
export type AppliedShift =
  | { kind: 'input'; map: AffineMap }
  | { kind: 'label'; permutation: Int32Array }
  | { kind: 'noise'; sd: number };

const SHIFT_KINDS: Readonly<Record<string, 'input' | 'label' | 'noise'>> = { input: 'input', label: 'label', noise: 'noise' };

// A plain decimal number: Number() alone would also take '', ' ', '0x10' and 'Infinity'.
const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Reads `--shift` notation; throws one RangeError saying what it expects for anything else. */
export function parseShift(text: string): Shift {
  const [name, argument, ...rest] = text.trim().toLowerCase().split(':');
  const kind = Object.hasOwn(SHIFT_KINDS, name) ? SHIFT_KINDS[name] : undefined;
  if (kind !== undefined && rest.length === 0) {
    if (kind !== 'noise' && argument === undefined) return { kind };
    if (kind === 'noise' && argument !== undefined && DECIMAL.test(argument.trim())) {
      const sd = Number(argument.trim());
      if (sd > 0 && Number.isFinite(sd)) return { kind, sd };
    }
  }
  throw new RangeError(`'${text}' is not a shift: expected input, label, or noise:S with S a positive number (the noise's standard deviation, in standardised units)`);
}

/** The notation parseShift reads back as this shift. */
export function formatShift(shift: Shift): string {
  return shift.kind === 'noise' ? `noise:${shift.sd}` : shift.kind;
}

/**
 * Standard normal draws from a uniform stream: Box-Muller in Marsaglia's polar form, two
 * draws per accepted pair. It needs no sine or cosine, and its logarithm is naturalLog
 * below, so every step is IEEE arithmetic or a square root and the draws are the same
 * bits in every engine (Math.log, Math.cos and Math.sin may differ in the last bit).
 */
export function gaussianStream(random: Random): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    for (;;) {
      const u = random() * 2 - 1;
      const v = random() * 2 - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const factor = Math.sqrt((-2 * naturalLog(s)) / s);
      spare = v * factor;
      return u * factor;
    }
  };
}

/**
 * ln x for x > 0 from IEEE arithmetic alone, so it gives the same bits in every engine:
 * x = m 2^e with m in [1/sqrt 2, sqrt 2) (exact scalings by 2), then
 * ln m = 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + ...) with t = (m - 1) / (m + 1), |t| < 0.172,
 * where 13 terms leave a truncation error below 1e-20: within a few units in the last place.
 */
export function naturalLog(x: number): number {
  if (!(x > 0 && x < Infinity)) throw new RangeError(`naturalLog takes a finite positive number, got ${x}`);
  let m = x;
  let e = 0;
  while (m >= Math.SQRT2) { m /= 2; e++; }
  while (m < Math.SQRT1_2) { m *= 2; e--; }
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  let series = 0;
  for (let k = 12; k >= 0; k--) series = series * t2 + 1 / (2 * k + 1);
  return e * Math.LN2 + 2 * t * series;
}

/**
 * A seeded invertible affine map of `features` features: A = Q D, Q orthogonal and
 * uniformly distributed (Gram-Schmidt of a Gaussian matrix, Mezzadri's construction), D
 * diagonal with scales uniform in INPUT_SCALE_RANGE, c uniform in [-INPUT_OFFSET, INPUT_OFFSET].
 */
export function randomAffineMap(features: number, seed: number): AffineMap {
  if (!Number.isSafeInteger(features) || features < 1) throw new RangeError(`an affine map needs at least one feature, got ${features}`);
  const random = randomStream(seed, 'shift:input');
  const normal = gaussianStream(random);
  const n = features;
  // Columns of Q, each orthonormalised against the earlier ones twice ("twice is enough"
  // for orthogonality to rounding); a column that is nearly dependent is drawn again.
  const columns: Float64Array[] = [];
  while (columns.length < n) {
    const v = Float64Array.from({ length: n }, () => normal());
    const before = euclideanNorm(v);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of columns) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= dot * q[i];
      }
    }
    const norm = euclideanNorm(v);
    if (!(norm > 1e-6 * before)) continue;
    columns.push(v.map((value) => value / norm));
  }
  const { min, max } = INPUT_SCALE_RANGE;
  const scales = Float64Array.from({ length: n }, () => min + (max - min) * random());
  const offset = Float64Array.from({ length: n }, () => (random() * 2 - 1) * INPUT_OFFSET);
  const rotation = new Float64Array(n * n);
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      rotation[i * n + j] = columns[j][i];
      matrix[i * n + j] = columns[j][i] * scales[j];
    }
  }
  return { features: n, matrix, offset, rotation, scales };
}

// sqrt(sum of squares) in a fixed order: Math.hypot's rounding is left to each engine.
function euclideanNorm(v: Float64Array): number {
  let sum = 0;
  for (const value of v) sum += value * value;
  return Math.sqrt(sum);
}

/** x' = A x + c for every row of x (row-major, map.features wide), in doubles, rounded once to floats. */
export function applyAffineMap(map: AffineMap, x: Float32Array): Float32Array {
  const n = map.features;
  if (x.length % n !== 0) throw new RangeError(`${x.length} values are not rows of ${n} features`);
  const out = new Float32Array(x.length);
  for (let at = 0; at < x.length; at += n) {
    for (let i = 0; i < n; i++) {
      let sum = map.offset[i];
      for (let j = 0; j < n; j++) sum += map.matrix[i * n + j] * x[at + j];
      out[at + i] = sum;
    }
  }
  return out;
}

/**
 * A seeded permutation of `classes` classes that is not the identity (for two, the swap):
 * a uniform draw among the others, by drawing again while the draw is the identity.
 */
export function classPermutation(classes: number, seed: number): Int32Array {
  if (!Number.isSafeInteger(classes) || classes < 2) throw new RangeError(`a label shift needs at least two classes, got ${classes}`);
  const random = randomStream(seed, 'shift:label');
  const permutation = new Int32Array(classes);
  do {
    for (let i = 0; i < classes; i++) permutation[i] = i;
    for (let i = classes - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [permutation[i], permutation[j]] = [permutation[j], permutation[i]];
    }
  } while (permutation.every((to, from) => to === from));
  return permutation;
}

/** Labels y' = permutation[y]. */
export function permuteLabels(y: Float32Array, permutation: Int32Array): Float32Array {
  return y.map((label) => {
    const to = permutation[label];
    if (to === undefined) throw new RangeError(`label ${label} is not a class of a ${permutation.length}-class permutation`);
    return to;
  });
}

/** x + sd z, z standard normal per value, from the given stream. */
export function addGaussianNoise(x: Float32Array, sd: number, random: Random): Float32Array {
  if (!(sd > 0 && Number.isFinite(sd))) throw new RangeError(`the noise's standard deviation must be a positive number, got ${sd}`);
  const normal = gaussianStream(random);
  return x.map((value) => value + sd * normal());
}

/**
 * The data under a shift, as new arrays (the input is not changed). The same map or
 * permutation applies to the training and the held-out rows; noise is drawn for each
 * from its own stream, so the held-out rows' noise does not depend on how many rows train.
 */
export function applyShift(data: PreparedData, shift: Shift, seed: number): { data: PreparedData; applied: AppliedShift } {
  const copy = (changes: Partial<PreparedData>): PreparedData => ({
    ...data,
    classNames: [...data.classNames],
    trainX: data.trainX.slice(), trainY: data.trainY.slice(),
    validationX: data.validationX.slice(), validationY: data.validationY.slice(),
    ...changes,
  });
  switch (shift.kind) {
    case 'input': {
      const map = randomAffineMap(data.features, seed);
      return { data: copy({ trainX: applyAffineMap(map, data.trainX), validationX: applyAffineMap(map, data.validationX) }), applied: { kind: 'input', map } };
    }
    case 'label': {
      const permutation = classPermutation(data.classNames.length, seed);
      return { data: copy({ trainY: permuteLabels(data.trainY, permutation), validationY: permuteLabels(data.validationY, permutation) }), applied: { kind: 'label', permutation } };
    }
    case 'noise': {
      const trainX = addGaussianNoise(data.trainX, shift.sd, randomStream(seed, 'shift:noise:train'));
      const validationX = addGaussianNoise(data.validationX, shift.sd, randomStream(seed, 'shift:noise:validation'));
      return { data: copy({ trainX, validationX }), applied: { kind: 'noise', sd: shift.sd } };
    }
    default:
      // Only a caller that skipped parseShift (say, from untyped JSON) gets here.
      throw new RangeError(`unknown shift '${String((shift as { kind: unknown }).kind)}'`);
  }
}

/**
 * Keeps a seeded, stratified `fraction` of the training rows (the few-shot case): of each
 * class's n training rows, round(fraction * n) drawn at random but at least one, kept in
 * their original order. The held-out rows are all kept. Refuses a fraction outside (0, 1]
 * and one that keeps less than one row of the training rows as a whole.
 */
export function targetFraction(data: PreparedData, fraction: number, seed: number): PreparedData {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`--target-fraction must be in (0, 1], got ${fraction}`);
  if (Math.round(fraction * data.trainRows) < 1) {
    throw new RangeError(`--target-fraction ${fraction} keeps none of the ${data.trainRows} training rows`);
  }
  const random = randomStream(seed, 'target-fraction');
  const byClass: number[][] = data.classNames.map(() => []);
  data.trainY.forEach((label, row) => {
    if (byClass[label] === undefined) throw new RangeError(`training row ${row + 1} has label ${label}, not one of ${data.classNames.length} classes`);
    byClass[label].push(row);
  });
  const kept: number[] = [];
  for (const rows of byClass) {
    if (rows.length === 0) continue;
    const count = Math.max(1, Math.round(fraction * rows.length));
    // A partial Fisher-Yates shuffle: its first `count` places are a uniform draw without replacement.
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (rows.length - i));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    kept.push(...rows.slice(0, count));
  }
  kept.sort((a, b) => a - b);
  const f = data.features;
  const trainX = new Float32Array(kept.length * f);
  kept.forEach((row, r) => trainX.set(data.trainX.subarray(row * f, (row + 1) * f), r * f));
  return {
    ...data,
    classNames: [...data.classNames],
    samples: kept.length + data.validationRows,
    trainRows: kept.length,
    trainX,
    trainY: Float32Array.from(kept, (row) => data.trainY[row]),
    validationX: data.validationX.slice(),
    validationY: data.validationY.slice(),
  };
}
