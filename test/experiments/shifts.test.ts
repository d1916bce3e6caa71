// The data shifts of the fine-tuning scenario (src/experiments/shifts.ts): the --shift
// notation, determinism, the input map's invertibility and conditioning, the label
// permutation, the noise's distribution, and the stratified target fraction.
// That the right single layer undoes each shift is in shift-recovery.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INPUT_CONDITION_BOUND, INPUT_SCALE_RANGE, applyShift, classPermutation, formatShift, gaussianStream, naturalLog,
  parseShift, randomAffineMap, targetFraction,
} from '../../src/experiments/shifts.js';
import type { PreparedData } from '../../src/experiments/experiment.js';
import { randomStream } from '../../src/random.js';
import { randomLabels, randomMatrix, sameBits } from '../helpers.js';
import { inverse, multiply, symmetricEigenvalues, transpose } from './linear-algebra.js';

/** A PreparedData from arrays (features already "standardised": the shifts do not care). */
function prepared(trainX: Float32Array, trainY: Float32Array, validationX: Float32Array, validationY: Float32Array, features: number, classes: number): PreparedData {
  return {
    name: 'test', samples: trainY.length + validationY.length, features, classNames: Array.from({ length: classes }, (_, c) => `class ${c}`),
    trainRows: trainY.length, validationRows: validationY.length, trainX, trainY, validationX, validationY,
  };
}

const small = (): PreparedData => prepared(randomMatrix(40, 5, 1), randomLabels(40, 3, 1), randomMatrix(10, 5, 2), randomLabels(10, 3, 2), 5, 3);

test('--shift notation: input, label, noise:S; anything else is one error saying what it expects', () => {
  assert.deepEqual(parseShift('input'), { kind: 'input' });
  assert.deepEqual(parseShift(' Label '), { kind: 'label' });
  assert.deepEqual(parseShift('noise:0.5'), { kind: 'noise', sd: 0.5 });
  assert.deepEqual(parseShift('noise:1e-1'), { kind: 'noise', sd: 0.1 });
  assert.deepEqual(parseShift('noise:2'), { kind: 'noise', sd: 2 });
  for (const shift of [{ kind: 'input' }, { kind: 'label' }, { kind: 'noise', sd: 0.25 }] as const) assert.deepEqual(parseShift(formatShift(shift)), shift);
  const refused = ['', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'noise', 'noise:', 'noise:0', 'noise:-1', 'noise:abc',
    'noise:Infinity', 'noise:1e999', 'noise:0x10', 'noise:1:2', 'input:1', 'label:2', 'inputs', 'noise 0.5'];
  for (const text of refused) {
    assert.throws(() => parseShift(text), (error: unknown) => error instanceof RangeError
      && error.message === `'${text}' is not a shift: expected input, label, or noise:S with S a positive number (the noise's standard deviation, in standardised units)`, text);
  }
});

test('naturalLog (IEEE arithmetic only, for the same bits everywhere) agrees with Math.log to a few units in the last place', () => {
  const random = randomStream(1, 'test-log');
  for (let i = 0; i < 10000; i++) {
    const x = 2 ** ((random() - 0.5) * 200) * (1 + random());
    assert.ok(Math.abs(naturalLog(x) - Math.log(x)) <= 4 * Number.EPSILON * Math.max(1, Math.abs(Math.log(x))), `${x}`);
  }
  assert.equal(naturalLog(1), 0);
  assert.ok(Math.abs(naturalLog(Number.MIN_VALUE) - Math.log(Number.MIN_VALUE)) < 1e-12, 'subnormals');
  for (const bad of [0, -1, NaN, Infinity]) assert.throws(() => naturalLog(bad), RangeError);
});

test('the same seed gives the same bits, another seed other draws', () => {
  for (const shift of [parseShift('input'), parseShift('label'), parseShift('noise:0.3')]) {
    const one = applyShift(small(), shift, 7).data;
    const again = applyShift(small(), shift, 7).data;
    const other = applyShift(small(), shift, 8).data;
    for (const key of ['trainX', 'trainY', 'validationX', 'validationY'] as const) assert.ok(sameBits(one[key], again[key]), `${shift.kind} ${key}`);
    const changed = shift.kind === 'label' ? 'trainY' : 'trainX';
    assert.ok(!sameBits(one[changed], other[changed]), `${shift.kind}: seed 8 draws otherwise`);
  }
  // Pinned draws: a change to the draws (or an engine computing them otherwise) shows here.
  assert.deepEqual([...classPermutation(5, 100)], [2, 1, 0, 4, 3]);
  const normal = gaussianStream(randomStream(100, 'shift:noise:train'));
  assert.deepEqual([normal(), normal(), normal()], [-1.042640123638234, 0.06625096819406937, 1.8289567557102318]);
  assert.deepEqual([...randomAffineMap(3, 100).matrix.subarray(0, 3)], [0.4353637183992462, 1.1852040080544528, -0.8269867969028957]);
});

test('the input shift is x -> A x + c with A invertible and its condition number within the stated bound', () => {
  assert.equal(INPUT_CONDITION_BOUND, 4);
  for (const [features, seed] of [[1, 1], [2, 2], [8, 3], [30, 4], [64, 5]]) {
    const map = randomAffineMap(features, seed);
    const a = map.matrix;
    const n = features;
    // Invertible: an inverse computed here, by Gauss-Jordan elimination, times A is the identity.
    const product = multiply(a, inverse(a, n), n);
    product.forEach((value, i) => assert.ok(Math.abs(value - (i % (n + 1) === 0 ? 1 : 0)) < 1e-12, `${n}: A A^-1 entry ${i}`));
    // Conditioning: A's singular values, square roots of the eigenvalues of A^T A (Jacobi's method).
    const singular = symmetricEigenvalues(multiply(transpose(a, n), a, n), n).map(Math.sqrt).sort((x, y) => x - y);
    assert.ok(singular[0] >= INPUT_SCALE_RANGE.min - 1e-12 && singular[n - 1] <= INPUT_SCALE_RANGE.max + 1e-12, `${n}: singular values ${singular[0]}..${singular[n - 1]}`);
    assert.ok(singular[n - 1] / singular[0] <= INPUT_CONDITION_BOUND * (1 + 1e-12), `${n}: condition number ${singular[n - 1] / singular[0]}`);
    const scales = [...map.scales].sort((x, y) => x - y);
    singular.forEach((value, i) => assert.ok(Math.abs(value - scales[i]) < 1e-12, `${n}: singular value ${i} is the scale`));
    assert.ok(map.offset.every((c) => Math.abs(c) <= 1) && map.offset.some((c) => c !== 0), `${n}: offset`);
    if (n > 1) assert.ok(a.some((value, i) => i % (n + 1) !== 0 && Math.abs(value) > 0.05), `${n}: A mixes the features`);
  }
  // Applied to every row, training and held-out, as A x + c.
  const data = small();
  const { data: shifted, applied } = applyShift(data, parseShift('input'), 3);
  assert.equal(applied.kind, 'input');
  const map = applied.kind === 'input' ? applied.map : randomAffineMap(5, 3);
  for (const [x, out] of [[data.trainX, shifted.trainX], [data.validationX, shifted.validationX]]) {
    for (let r = 0; r < x.length / 5; r++) {
      for (let i = 0; i < 5; i++) {
        let expected = map.offset[i];
        for (let j = 0; j < 5; j++) expected += map.matrix[i * 5 + j] * x[r * 5 + j];
        assert.ok(Math.abs(out[r * 5 + i] - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `row ${r} feature ${i}`);
      }
    }
  }
  assert.ok(sameBits(shifted.trainY, data.trainY) && sameBits(shifted.validationY, data.validationY), 'labels unchanged');
});

test('the label shift is a permutation of the classes other than the identity; for two classes the swap', () => {
  for (let classes = 2; classes <= 6; classes++) {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const permutation = [...classPermutation(classes, seed)];
      assert.deepEqual([...permutation].sort((a, b) => a - b), Array.from({ length: classes }, (_, c) => c), `${classes} classes, seed ${seed}`);
      assert.ok(permutation.some((to, from) => to !== from), `${classes} classes, seed ${seed}: not the identity`);
      seen.add(permutation.join());
    }
    if (classes === 2) assert.deepEqual([...seen], ['1,0']);
    // Three classes have 5 permutations other than the identity: 60 seeds draw each of them.
    if (classes === 3) assert.equal(seen.size, 5);
  }
  assert.throws(() => classPermutation(1, 0), /at least two classes/);
  const data = small();
  const { data: shifted, applied } = applyShift(data, parseShift('label'), 5);
  assert.ok(applied.kind === 'label');
  const permutation = applied.permutation;
  data.trainY.forEach((label, r) => assert.equal(shifted.trainY[r], permutation[label]));
  data.validationY.forEach((label, r) => assert.equal(shifted.validationY[r], permutation[label]));
  assert.ok(sameBits(shifted.trainX, data.trainX) && sameBits(shifted.validationX, data.validationX), 'features unchanged');
});

test('noise:S adds Gaussian noise of mean 0 and standard deviation S', () => {
  const features = 10;
  const rows = 20000;
  const zeros = prepared(new Float32Array(rows * features), new Float32Array(rows), new Float32Array(1000 * features), new Float32Array(1000), features, 2);
  const sd = 0.5;
  const { data: shifted } = applyShift(zeros, parseShift(`noise:${sd}`), 11);
  const noise = shifted.trainX;
  const n = noise.length;
  let sum = 0;
  let squares = 0;
  let withinOneSd = 0;
  for (const value of noise) {
    sum += value;
    if (Math.abs(value) < sd) withinOneSd++;
  }
  const mean = sum / n;
  for (const value of noise) squares += (value - mean) ** 2;
  const sampleSd = Math.sqrt(squares / (n - 1));
  // Tolerances of 5 standard errors of each statistic over n = 200,000 draws: the mean's is
  // S/sqrt(n), the sample sd's S/sqrt(2n) (normal data), the share within one sd's
  // sqrt(p(1-p)/n) with p = 0.6827. A uniform draw of the same variance would put 0.577
  // within one sd, far outside; five standard errors leave a correct draw ~1e-6 to fail.
  assert.ok(Math.abs(mean) < 5 * sd / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(sampleSd - sd) < 5 * sd / Math.sqrt(2 * n), `sd ${sampleSd}`);
  const p = 0.6826894921370859;
  assert.ok(Math.abs(withinOneSd / n - p) < 5 * Math.sqrt(p * (1 - p) / n), `share within one sd ${withinOneSd / n}`);
  // The held-out rows get noise of their own, not a copy of the training rows'.
  assert.ok(!sameBits(shifted.validationX, noise.subarray(0, shifted.validationX.length)));
  assert.ok(shifted.validationX.every((value) => value !== 0));
  assert.ok(sameBits(shifted.trainY, zeros.trainY));
});

test('a shift returns new arrays and leaves its input alone', () => {
  for (const shift of [parseShift('input'), parseShift('label'), parseShift('noise:1')]) {
    const data = small();
    const before = structuredClone(data);
    const { data: shifted } = applyShift(data, shift, 1);
    assert.deepEqual(data, before, shift.kind);
    for (const key of ['trainX', 'trainY', 'validationX', 'validationY'] as const) assert.notEqual(shifted[key].buffer, data[key].buffer, `${shift.kind} ${key}`);
    assert.notEqual(shifted.classNames, data.classNames);
    assert.deepEqual({ ...shifted, trainX: 0, trainY: 0, validationX: 0, validationY: 0 }, { ...data, trainX: 0, trainY: 0, validationX: 0, validationY: 0 });
  }
});

/** Training rows 60, 30 and 10 of classes 0, 1, 2, interleaved; each row's first feature is its row number. */
function unbalanced(): PreparedData {
  const labels = Array.from({ length: 100 }, (_, r) => (r % 10 === 9 ? 2 : r % 10 >= 6 ? 1 : 0));
  const x = new Float32Array(100 * 2);
  labels.forEach((label, r) => { x[r * 2] = r; x[r * 2 + 1] = label; });
  return prepared(x, Float32Array.from(labels), randomMatrix(20, 2, 3), randomLabels(20, 3, 3), 2, 3);
}

const counts = (y: Float32Array): number[] => [0, 1, 2].map((c) => y.filter((label) => label === c).length);

test('targetFraction keeps a seeded stratified fraction of the training rows, at least one per class', () => {
  const data = unbalanced();
  const before = structuredClone(data);
  const kept = targetFraction(data, 0.2, 1);
  assert.deepEqual(data, before, 'the input is left alone');
  assert.deepEqual(counts(kept.trainY), [12, 6, 2], 'each class keeps its share');
  assert.deepEqual([kept.trainRows, kept.samples, kept.validationRows], [20, 40, 20]);
  assert.ok(sameBits(kept.validationX, data.validationX) && sameBits(kept.validationY, data.validationY), 'every held-out row stays');
  const rows = Array.from({ length: kept.trainRows }, (_, r) => kept.trainX[r * 2]);
  assert.deepEqual(rows, [...rows].sort((a, b) => a - b), 'kept rows keep their order');
  rows.forEach((row, r) => assert.equal(kept.trainY[r], data.trainY[row], 'each kept row keeps its label'));
  assert.ok(rows.every((row, r) => kept.trainX[r * 2 + 1] === data.trainX[row * 2 + 1]), 'and its features');
  assert.ok(sameBits(targetFraction(data, 0.2, 1).trainX, kept.trainX), 'same seed, same rows');
  assert.ok(!sameBits(targetFraction(data, 0.2, 2).trainX, kept.trainX), 'another seed, other rows');
  assert.deepEqual(counts(targetFraction(data, 0.04, 1).trainY), [2, 1, 1], 'a class whose share rounds to none keeps one row');
  assert.ok(sameBits(targetFraction(data, 1, 1).trainX, data.trainX), 'fraction 1 keeps every row');
  for (const bad of [0, -0.1, 1.5, NaN]) assert.throws(() => targetFraction(data, bad, 1), /--target-fraction must be in \(0, 1\]/, String(bad));
  assert.throws(() => targetFraction(data, 0.004, 1), /--target-fraction 0.004 keeps none of the 100 training rows/);
});
