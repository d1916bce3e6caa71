// The paired comparison: intervals computed by hand, the Nadeau-Bengio correction, pairs
// needed, pairing by (seed, fold) whatever the run order, left-out runs, and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePaired, correctionOf, pairedDifference, pairsToResolve, type HeldOutDesign, type PairedRun } from '../../src/experiments/paired.js';
import { studentTQuantile } from '../../src/experiments/student-t.js';

const near = (actual: number, expected: number, what: string, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected}`);
const nearAll = (actual: number[], expected: number[], what: string) => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((value, i) => near(value, expected[i], `${what}[${i}]`, 1e-12));
};

const none: HeldOutDesign = { kind: 'none', folds: 1, trainRows: 100, heldOutRows: 0 };
const fiveFolds: HeldOutDesign = { kind: 'folds', folds: 5, trainRows: 80, heldOutRows: 20 };
const twoFolds: HeldOutDesign = { kind: 'folds', folds: 2, trainRows: 50, heldOutRows: 50 };

test('the correction factor is heldOutRows / trainRows for held-out designs and 0 without one', () => {
  assert.equal(correctionOf(fiveFolds), 0.25);
  assert.equal(correctionOf({ kind: 'split', folds: 1, trainRows: 120, heldOutRows: 30 }), 0.25);
  assert.equal(correctionOf(none), 0);
});

test('a paired t interval and its corrected form, by hand', () => {
  // Differences 1..5: mean 3, sd sqrt(2.5); t(0.975, 4) = 2.7764451.
  const plain = pairedDifference([1, 2, 3, 4, 5], none);
  near(plain.mean, 3, 'mean');
  near(plain.sd, Math.sqrt(2.5), 'sd');
  near(plain.standardError!, 0.7071068, 'plain standard error sqrt(2.5 / 5)');
  near(plain.interval!.low, 1.0367568, 'plain low: 3 - 2.7764451 x 0.7071068');
  near(plain.interval!.high, 4.9632432, 'plain high');
  assert.equal(plain.resolved, true);
  // Corrected, five folds of 80 training and 20 held-out rows: variance factor 1/5 + 20/80 = 0.45.
  const corrected = pairedDifference([1, 2, 3, 4, 5], fiveFolds);
  near(corrected.standardError!, 1.0606602, 'corrected standard error sqrt(2.5 x 0.45)');
  near(corrected.interval!.low, 0.0551348, 'corrected low: 3 - 2.7764451 x 1.0606602');
  near(corrected.interval!.high, 5.9448652, 'corrected high');
  assert.equal(corrected.resolved, true);
  // A split of 40 training and 20 held-out rows: factor 1/5 + 1/2 = 0.7, and zero falls inside.
  const wider = pairedDifference([1, 2, 3, 4, 5], { kind: 'split', folds: 1, trainRows: 40, heldOutRows: 20 });
  near(wider.interval!.low, -0.6728916, 'split low: 3 - 2.7764451 x sqrt(1.75) = 3 - 3.6728916');
  assert.equal(wider.resolved, false);
});

test('one pair has no interval; zero spread gives a point interval', () => {
  const one = pairedDifference([0.2], fiveFolds);
  assert.equal(one.interval, null);
  assert.equal(one.standardError, null);
  assert.equal(one.resolved, false);
  assert.deepEqual(one.needed, { status: 'too-few-pairs' });
  const constant = pairedDifference([0.1, 0.1, 0.1], fiveFolds);
  assert.equal(constant.sd, 0);
  assert.deepEqual(constant.interval, { low: 0.1, high: 0.1 });
  assert.equal(constant.resolved, true);
  assert.deepEqual(constant.needed, { status: 'estimated', pairs: 2, seeds: 1 });
  const identical = pairedDifference([0, 0, 0], fiveFolds);
  assert.equal(identical.resolved, false, 'an interval [0, 0] includes zero');
  assert.deepEqual(identical.needed, { status: 'no-difference' });
});

test('pairs needed to resolve a difference, by hand and at the limit', () => {
  // Plain t, mean 1, sd 2: 17 pairs give 2.1199053 x 2 / sqrt(17) = 1.028 >= 1, 18 give 2.1098156 x 2 / sqrt(18) = 0.995 < 1.
  assert.deepEqual(pairsToResolve(5, 1, 2, none), { status: 'estimated', pairs: 18, seeds: 18 });
  assert.deepEqual(pairsToResolve(5, -1, 2, none), { status: 'estimated', pairs: 18, seeds: 18 }, 'the sign does not matter');
  // Corrected with 1 held-out row per 100 trained: 21 pairs give 2.0859634 x 2 x sqrt(1/21 + 0.01) = 1.0014, 22 give 0.9796.
  assert.deepEqual(pairsToResolve(5, 1, 2, { kind: 'split', folds: 1, trainRows: 100, heldOutRows: 1 }), { status: 'estimated', pairs: 22, seeds: 22 });
  // With a quarter held out, infinitely many pairs still leave 1.959964 x 2 x sqrt(0.25) = 1.96 > 1.
  const unreachable = pairsToResolve(5, 1, 2, fiveFolds);
  assert.equal(unreachable.status, 'unreachable');
  near(unreachable.status === 'unreachable' ? unreachable.floor : NaN, 1.959964, 'floor');
  // Just above the floor some n does: the first n whose half-width is below the difference, in seeds of five folds.
  const reachable = pairsToResolve(5, 1, 1, fiveFolds);
  assert.equal(reachable.status, 'estimated');
  if (reachable.status === 'estimated') {
    const half = (n: number) => studentTQuantile(0.975, n - 1) * Math.sqrt(1 / n + 0.25);
    assert.ok(half(reachable.pairs) < 1 && half(reachable.pairs - 1) >= 1, `${reachable.pairs} is the first n`);
    assert.equal(reachable.seeds, Math.ceil(reachable.pairs / 5));
  }
});

// Two sets, two seeds, two folds, three epochs. Per (seed, fold): held-out loss and accuracy curves.
const curves: Record<string, [number[], number[]]> = {
  'A 1 1': [[0.5, 0.3, 0.4], [0.6, 0.8, 0.7]],
  'A 1 2': [[0.4, 0.2, 0.2], [0.7, 0.9, 0.85]], // a tie: the first lowest epoch is the best
  'A 2 1': [[0.45, 0.25, 0.35], [0.6, 0.8, 0.75]],
  'A 2 2': [[0.35, 0.3, 0.5], [0.7, 0.8, 0.6]],
  'B 1 1': [[0.6, 0.5, 0.45], [0.5, 0.6, 0.65]],
  'B 1 2': [[0.3, 0.35, 0.5], [0.8, 0.75, 0.6]],
  'B 2 1': [[0.5, 0.4, 0.3], [0.6, 0.7, 0.8]],
  'B 2 2': [[0.4, 0.3, 0.25], [0.7, 0.8, 0.85]],
};
const ms: Record<string, number> = { 'A 1 1': 10, 'A 1 2': 12, 'A 2 1': 14, 'A 2 2': 16, 'B 1 1': 4, 'B 1 2': 4, 'B 2 1': 6, 'B 2 2': 6 };
const makeRun = (name: string): PairedRun => {
  const [train, seed, fold] = name.split(' ');
  const [valLoss, valAccuracy] = curves[name];
  return {
    train, seed: Number(seed), fold: Number(fold), trainableParams: train === 'A' ? 673 : 496, ms: ms[name],
    loss: [0.9, 0.8, 0.7], accuracy: [0.5, 0.6, 0.7], valLoss: [...valLoss], valAccuracy: [...valAccuracy],
  };
};
const ordered = Object.keys(curves).map(makeRun);

test('a comparison of two sets over seeds x folds, value by value', () => {
  const result = comparePaired(ordered, twoFolds);
  assert.equal(result.reference, 'A');
  assert.equal(result.method, 'corrected-resampled-t');
  assert.equal(result.measured, 'held-out');
  assert.deepEqual(result.seeds, [1, 2]);
  assert.equal(result.comparisons.length, 1);
  const c = result.comparisons[0];
  assert.deepEqual(c.pairs, [{ seed: 1, fold: 1 }, { seed: 1, fold: 2 }, { seed: 2, fold: 1 }, { seed: 2, fold: 2 }]);
  assert.deepEqual(c.best.epochs, { reference: [2, 2, 2, 2], candidate: [3, 1, 3, 3] });
  nearAll(c.best.loss.difference.values, [0.15, 0.1, 0.05, -0.05], 'best loss B - A');
  nearAll(c.best.accuracy.difference.values, [-0.15, -0.1, 0, 0.05], 'accuracy at the best-loss epoch');
  nearAll(c.last.loss.difference.values, [0.05, 0.3, -0.05, -0.25], 'last loss');
  nearAll(c.last.accuracy.difference.values, [-0.05, -0.25, 0.05, 0.25], 'last accuracy');
  near(c.best.loss.reference.mean, 0.2625, 'A best loss mean');
  near(c.best.loss.candidate.mean, 0.325, 'B best loss mean');
  near(c.best.loss.difference.mean, 0.0625, 'mean difference');
  near(c.best.loss.difference.sd, 0.0853913, 'sd of differences: sqrt(0.021875 / 3)');
  // Two folds of 50 rows: factor 1/4 + 50/50 = 1.25; t(0.975, 3) = 3.1824463.
  near(c.best.loss.difference.interval!.low, 0.0625 - 3.1824463 * 0.0853913 * Math.sqrt(1.25), 'interval low');
  near(c.best.loss.difference.interval!.high, 0.0625 + 3.1824463 * 0.0853913 * Math.sqrt(1.25), 'interval high');
  assert.equal(c.best.loss.difference.resolved, false);
  assert.deepEqual(c.trainableParams, { reference: 673, candidate: 496 });
  assert.deepEqual(c.msMean, { reference: 13, candidate: 5 });
  assert.deepEqual(c.excludedPairs, []);
  const [a, b] = result.sets;
  assert.deepEqual([a.train, a.runs, a.excluded, a.epochs], ['A', 4, 0, 3]);
  near(a.lastLoss.mean, 0.3625, 'A last loss mean');
  near(b.bestLoss.mean, 0.325, 'B best loss mean');
  assert.deepEqual(b.bestEpoch, { mean: 2.5, min: 1, max: 3 });
});

test('pairs are matched by (seed, fold), whatever the order of the runs', () => {
  const expected = comparePaired(ordered, twoFolds);
  const shuffled = [ordered[3], ordered[6], ordered[0], ordered[5], ordered[2], ordered[7], ordered[1], ordered[4]];
  assert.deepEqual(comparePaired(shuffled, twoFolds), expected);
  // With B's run first, B is the reference and every difference changes sign.
  const flipped = comparePaired([ordered[4], ...ordered.slice(0, 4), ...ordered.slice(5)], twoFolds);
  assert.equal(flipped.reference, 'B');
  nearAll(flipped.comparisons[0].best.loss.difference.values, [-0.15, -0.1, -0.05, 0.05], 'A - B');
});

test('training figures are compared with the plain paired t when nothing is held out', () => {
  const runs = ordered.filter((run) => run.fold === 1).map((run) => ({
    ...run, valLoss: undefined, valAccuracy: undefined, fold: 1,
    loss: run.train === 'A' ? [0.5, 0.4, 0.45] : [0.5, 0.3 + run.seed / 100, 0.35],
  }));
  const result = comparePaired(runs, none);
  assert.equal(result.method, 'paired-t');
  assert.equal(result.measured, 'training');
  nearAll(result.comparisons[0].best.loss.difference.values, [0.31 - 0.4, 0.32 - 0.4], 'best training loss');
  nearAll(result.comparisons[0].last.loss.difference.values, [-0.1, -0.1], 'last training loss');
  near(result.comparisons[0].last.loss.difference.interval!.low, -0.1, 'zero spread: a point interval');
});

test('runs that diverged or have a NaN figure are left out with their pairs, and counted', () => {
  const runs = ordered.map((run) => {
    if (run.train === 'B' && run.seed === 2 && run.fold === 2) return { ...run, valLoss: [0.4, NaN, NaN], divergedAt: 2 };
    if (run.train === 'A' && run.seed === 1 && run.fold === 2) return { ...run, valAccuracy: [0.7, Infinity, 0.85] };
    return run;
  });
  const result = comparePaired(runs, twoFolds);
  const c = result.comparisons[0];
  assert.deepEqual(c.pairs, [{ seed: 1, fold: 1 }, { seed: 2, fold: 1 }]);
  assert.deepEqual(c.excludedPairs, [{ seed: 1, fold: 2, sets: ['A'] }, { seed: 2, fold: 2, sets: ['B'] }]);
  nearAll(c.best.loss.difference.values, [0.15, 0.05], 'the remaining pairs');
  assert.deepEqual(result.sets.map((set) => [set.train, set.runs, set.excluded]), [['A', 4, 1], ['B', 4, 1]]);
  assert.deepEqual(c.msMean, { reference: 12, candidate: 5 }, 'times of the compared pairs only');
});

test('sets that do not pair, duplicate runs and bad designs are refused, naming what is wrong', () => {
  assert.throws(() => comparePaired(ordered.filter((run) => !(run.train === 'B' && run.seed === 2 && run.fold === 2)), twoFolds),
    /set 'B' does not pair with 'A': it has no run for seed 2, fold 2, which the reference set 'A' has/);
  assert.throws(() => comparePaired([...ordered, { ...makeRun('B 2 2'), seed: 3, fold: 1 }], twoFolds),
    /set 'B' does not pair with 'A': it has a run for seed 3, fold 1, which the reference set 'A' lacks/);
  assert.throws(() => comparePaired([...ordered, makeRun('A 2 1')], twoFolds), /set 'A' has two runs for seed 2, fold 1/);
  assert.throws(() => comparePaired(ordered, { ...twoFolds, folds: 1 }), /at least 2 folds/);
  assert.throws(() => comparePaired(ordered, { kind: 'split', folds: 1, trainRows: 50, heldOutRows: 50 }), /set 'A', seed 1, fold 2: the fold must be 1 for a 'split' design/);
  assert.throws(() => comparePaired(ordered.map((run) => ({ ...run, valLoss: undefined })), twoFolds), /has no held-out figures/);
  assert.throws(() => comparePaired([], twoFolds), /no runs to compare/);
  assert.throws(() => comparePaired(ordered, { ...twoFolds, heldOutRows: 0 }), /needs held-out rows/);
});
