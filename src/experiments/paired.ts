// Paired comparison of trainable sets (issue 9, part 2). For one seed and one fold every
// set starts from the same weights and sees the same rows and shuffles, so the sets are
// compared run against run: per (seed, fold) pair, the difference candidate - reference
// of a figure, then the mean difference with a 95% interval.
//
// Why the interval is corrected. The pairs of k-fold cross-validation share most of their
// training rows (and repeated random splits overlap too), so their differences are
// positively correlated and the plain paired t interval, whose variance of the mean is
// s^2/n, is too narrow: it would call differences resolved that are not. Nadeau and
// Bengio (2003, "Inference for the generalization error", Machine Learning 52:239-281)
// correct the variance to (1/n + n_test/n_train) s^2 (the corrected resampled t); Bouckaert
// and Frank (2004) use the same factor for repeated k-fold cross-validation, with n =
// seeds x folds pairs and n_test/n_train = 1/(k-1). We use it for the designs 'folds' and
// 'split', with n - 1 degrees of freedom, and the plain paired t interval (1/n) for 'none',
// where every run trains on every row and only the seed differs, so pairs are independent.
// The correction does not shrink with n: past some spread, no number of seeds resolves a
// difference (pairsToResolve says so).
//
// What is measured: held-out loss and accuracy, or with design 'none' (no held-out rows)
// the training ones. "Last" is each run's last epoch; "best" is each run's own epoch of
// lowest (held-out) loss, the first such epoch as Keras's EarlyStopping takes it, with the
// accuracy of that same epoch: the early-stopping view.
import { studentTQuantile, normalQuantile } from './student-t.js';
import { setHistoryName, type SetChange } from './train-sets.js';

/** One run of an experiment, as the comparison needs it (the JSON's run record has these fields). */
export interface PairedRun {
  train: string;
  /** Changes of the set mid-run (the page's): the run is grouped by its history. */
  changes?: readonly SetChange[];
  seed: number;
  /** 1..k for k-fold cross-validation, 1 for a single split or none. */
  fold: number;
  trainableParams: number;
  ms: number;
  loss: number[];
  accuracy: number[];
  valLoss?: number[];
  valAccuracy?: number[];
  /** The epoch whose training loss was NaN or infinite, when training stopped there. */
  divergedAt?: number;
}

/** How held-out figures were made: rows per fold (or split) for the correction. */
export interface HeldOutDesign {
  kind: 'folds' | 'split' | 'none';
  /** k for 'folds'; 1 otherwise. */
  folds: number;
  /** Rows each run trains on (for folds, the typical fold's: rows x (k-1)/k). */
  trainRows: number;
  /** Rows each run is evaluated on (0 for 'none'). */
  heldOutRows: number;
}

export const CONFIDENCE = 0.95;

export interface Interval { low: number; high: number }
export interface PairKey { seed: number; fold: number }
/** Mean and sample standard deviation (0 for one value, NaN for none). */
export interface MeanSd { mean: number; sd: number }

/**
 * How many pairs an interval would need to exclude zero if the mean difference and its
 * spread stayed as observed: the n where the expected interval just excludes zero (about
 * even odds of resolving; not a power calculation).
 */
export type PairsNeeded =
  | { status: 'estimated'; pairs: number; seeds: number }
  /** Even infinitely many pairs leave a half-width of `floor` (z x sd x sqrt(heldOut/train)), at least the difference. */
  | { status: 'unreachable'; floor: number }
  /** The mean difference is exactly zero. */
  | { status: 'no-difference' }
  /** Fewer than two pairs: no spread to extrapolate from. */
  | { status: 'too-few-pairs' };

export interface PairedDifference {
  /** candidate - reference, per pair, in the order of the comparison's `pairs`. */
  values: number[];
  n: number;
  mean: number;
  sd: number;
  /** The standard error the interval uses: sd x sqrt(1/n + correction); null for n < 2. */
  standardError: number | null;
  /** The 95% interval of the mean difference; null for n < 2 (no spread to measure). */
  interval: Interval | null;
  /** Whether the interval excludes zero. */
  resolved: boolean;
  needed: PairsNeeded;
}

export interface FigureComparison { reference: MeanSd; candidate: MeanSd; difference: PairedDifference }
export interface EpochView { loss: FigureComparison; accuracy: FigureComparison }

export interface SetComparison {
  reference: string;
  candidate: string;
  /** Pairs compared, by seed then fold. */
  pairs: PairKey[];
  /** Pairs left out because a run of either set diverged or has a NaN or infinite figure, with those sets. */
  excludedPairs: (PairKey & { sets: string[] })[];
  trainableParams: { reference: number; candidate: number };
  /** Mean training time per run over the compared pairs, in milliseconds. */
  msMean: { reference: number; candidate: number };
  last: EpochView;
  /** At each run's best epoch; `epochs` are those 1-based epochs, per pair. */
  best: EpochView & { epochs: { reference: number[]; candidate: number[] } };
}

/** One set on its own, over its runs with finite figures (for overfitting, and for tables). */
export interface SetFigures {
  train: string;
  runs: number;
  /** Runs left out: diverged, or a NaN or infinite figure. */
  excluded: number;
  trainableParams: number;
  msMean: number;
  /** The longest run's epoch count: the experiment's last epoch. */
  epochs: number;
  lastLoss: MeanSd;
  bestLoss: MeanSd;
  lastAccuracy: MeanSd;
  bestAccuracy: MeanSd;
  bestEpoch: { mean: number; min: number; max: number };
}

export interface PairedComparison {
  design: HeldOutDesign;
  /** What the figures are: held-out, or training ones when the design has no held-out rows. */
  measured: 'held-out' | 'training';
  method: 'corrected-resampled-t' | 'paired-t';
  /** The variance factor's added term: heldOutRows / trainRows for the corrected t, 0 for the plain one. */
  correction: number;
  confidence: number;
  seeds: number[];
  /** The first set in run order; every other set is compared against it. */
  reference: string;
  sets: SetFigures[];
  comparisons: SetComparison[];
}

/** Compares every set with the first, pair by pair (see the top of this file). Throws a RangeError on runs that do not pair. */
export function comparePaired(runs: readonly PairedRun[], design: HeldOutDesign): PairedComparison {
  checkDesign(design);
  if (runs.length === 0) throw new RangeError('no runs to compare');
  const measured = design.kind === 'none' ? 'training' : 'held-out';
  const bySet = new Map<string, Map<string, PairedRun>>();
  for (const run of runs) {
    checkRun(run, design);
    const name = setHistoryName(run);
    const group = bySet.get(name) ?? new Map<string, PairedRun>();
    const key = pairKey(run);
    if (group.has(key)) throw new RangeError(`set '${name}' has two runs for seed ${run.seed}, fold ${run.fold}`);
    group.set(key, run);
    bySet.set(name, group);
  }
  const [reference, ...candidates] = [...bySet.keys()];
  const referenceRuns = bySet.get(reference)!;
  const keys = [...referenceRuns.values()].map((run) => ({ seed: run.seed, fold: run.fold }))
    .sort((a, b) => a.seed - b.seed || a.fold - b.fold);
  for (const candidate of candidates) checkPairing(reference, referenceRuns, candidate, bySet.get(candidate)!);
  const curves = (run: PairedRun) => curvesOf(run, design);
  return {
    design: { ...design },
    measured,
    method: design.kind === 'none' ? 'paired-t' : 'corrected-resampled-t',
    correction: correctionOf(design),
    confidence: CONFIDENCE,
    seeds: [...new Set(keys.map((key) => key.seed))],
    reference,
    // Runs in (seed, fold) order, so that sums, and so the figures to the last bit, do not depend on the runs' order.
    sets: [...bySet.entries()].map(([train, group]) => setFigures(train, keys.map((key) => group.get(pairKey(key))!), curves)),
    comparisons: candidates.map((candidate) => {
      const candidateRuns = bySet.get(candidate)!;
      const included: { key: PairKey; reference: PairedRun; candidate: PairedRun }[] = [];
      const excludedPairs: SetComparison['excludedPairs'] = [];
      for (const key of keys) {
        const pair = { reference: referenceRuns.get(pairKey(key))!, candidate: candidateRuns.get(pairKey(key))! };
        const failed = [pair.reference, pair.candidate].filter((run) => curves(run) === null).map(setHistoryName);
        if (failed.length > 0) excludedPairs.push({ ...key, sets: failed });
        else included.push({ key, ...pair });
      }
      const view = (pick: (run: PairedRun) => number) => ({
        reference: meanSd(included.map((pair) => pick(pair.reference))),
        candidate: meanSd(included.map((pair) => pick(pair.candidate))),
        difference: pairedDifference(included.map((pair) => pick(pair.candidate) - pick(pair.reference)), design),
      });
      const at = (which: 'last' | 'best', figure: 'loss' | 'accuracy') => (run: PairedRun) => {
        const c = curves(run)!;
        const epoch = which === 'last' ? c.loss.length - 1 : bestEpochIndex(c.loss);
        return c[figure][epoch];
      };
      return {
        reference,
        candidate,
        pairs: included.map((pair) => pair.key),
        excludedPairs,
        trainableParams: { reference: referenceRuns.get(pairKey(keys[0]))!.trainableParams, candidate: candidateRuns.get(pairKey(keys[0]))!.trainableParams },
        msMean: { reference: meanSd(included.map((pair) => pair.reference.ms)).mean, candidate: meanSd(included.map((pair) => pair.candidate.ms)).mean },
        last: { loss: view(at('last', 'loss')), accuracy: view(at('last', 'accuracy')) },
        best: {
          loss: view(at('best', 'loss')),
          accuracy: view(at('best', 'accuracy')),
          epochs: {
            reference: included.map((pair) => bestEpochIndex(curves(pair.reference)!.loss) + 1),
            candidate: included.map((pair) => bestEpochIndex(curves(pair.candidate)!.loss) + 1),
          },
        },
      };
    }),
  };
}

/** The interval's variance term beyond 1/n: heldOutRows / trainRows (Nadeau and Bengio) for held-out designs, 0 for 'none'. */
export function correctionOf(design: HeldOutDesign): number {
  return design.kind === 'none' ? 0 : design.heldOutRows / design.trainRows;
}

/** Mean, spread, 95% interval and pairs needed of some paired differences under a design. */
export function pairedDifference(values: number[], design: HeldOutDesign): PairedDifference {
  const n = values.length;
  const { mean, sd } = meanSd(values);
  const correction = correctionOf(design);
  let standardError: number | null = null;
  let interval: Interval | null = null;
  if (n >= 2) {
    standardError = sd * Math.sqrt(1 / n + correction);
    const half = studentTQuantile((1 + CONFIDENCE) / 2, n - 1) * standardError;
    interval = { low: mean - half, high: mean + half };
  }
  const resolved = interval !== null && (interval.low > 0 || interval.high < 0);
  return { values, n, mean, sd, standardError, interval, resolved, needed: pairsToResolve(n, mean, sd, design) };
}

/** Beyond this many pairs an estimate is no guide: say no number of seeds will do. */
const MAX_PAIRS = 1e9;

/**
 * The fewest pairs n >= 2 whose interval, t(n-1) x sd x sqrt(1/n + correction), is narrower
 * than |mean|; as seeds, with `folds` pairs per seed for k-fold designs. The half-width
 * falls with n towards z x sd x sqrt(correction), so at or above that no n will do.
 */
export function pairsToResolve(n: number, mean: number, sd: number, design: HeldOutDesign): PairsNeeded {
  if (n < 2 || !Number.isFinite(mean) || !Number.isFinite(sd)) return { status: 'too-few-pairs' };
  if (mean === 0) return { status: 'no-difference' };
  const size = Math.abs(mean);
  const correction = correctionOf(design);
  const halfWidth = (pairs: number) => studentTQuantile((1 + CONFIDENCE) / 2, pairs - 1) * sd * Math.sqrt(1 / pairs + correction);
  const floor = normalQuantile((1 + CONFIDENCE) / 2) * sd * Math.sqrt(correction);
  if (floor >= size) return { status: 'unreachable', floor };
  let low = 1;
  let high = 2;
  while (halfWidth(high) >= size) {
    if (high >= MAX_PAIRS) return { status: 'unreachable', floor };
    low = high;
    high *= 2;
  }
  // halfWidth(low) >= size (or low = 1) and halfWidth(high) < size: bisect to the first n that resolves.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (halfWidth(middle) < size) high = middle;
    else low = middle;
  }
  const perSeed = design.kind === 'folds' ? design.folds : 1;
  return { status: 'estimated', pairs: high, seeds: Math.ceil(high / perSeed) };
}

/** The index of the first epoch of lowest loss. */
export function bestEpochIndex(loss: number[]): number {
  let best = 0;
  for (let e = 1; e < loss.length; e++) if (loss[e] < loss[best]) best = e;
  return best;
}

/** Mean and sample standard deviation. */
export function meanSd(values: number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN };
  // Equal values have no spread; summing them could leave a rounding residue that would read as one.
  if (values.every((value) => value === values[0])) return { mean: values[0], sd: 0 };
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(squares / (n - 1)) };
}

/** The curves a design measures, or null when the run diverged or has a NaN or infinite figure (it is left out). */
function curvesOf(run: PairedRun, design: HeldOutDesign): { loss: number[]; accuracy: number[] } | null {
  const loss = design.kind === 'none' ? run.loss : run.valLoss!;
  const accuracy = design.kind === 'none' ? run.accuracy : run.valAccuracy!;
  if (run.divergedAt !== undefined || loss.length === 0 || accuracy.length !== loss.length) return null;
  if (!run.loss.every(Number.isFinite) || !loss.every(Number.isFinite) || !accuracy.every(Number.isFinite)) return null;
  return { loss, accuracy };
}

function setFigures(train: string, runs: PairedRun[], curves: (run: PairedRun) => { loss: number[]; accuracy: number[] } | null): SetFigures {
  const finite = runs.map(curves).filter((c) => c !== null);
  const kept = runs.filter((run) => curves(run) !== null);
  const bestEpochs = finite.map((c) => bestEpochIndex(c.loss) + 1);
  return {
    train,
    runs: runs.length,
    excluded: runs.length - kept.length,
    trainableParams: runs[0].trainableParams,
    msMean: meanSd(kept.map((run) => run.ms)).mean,
    epochs: Math.max(...runs.map((run) => run.loss.length)),
    lastLoss: meanSd(finite.map((c) => c.loss[c.loss.length - 1])),
    bestLoss: meanSd(finite.map((c) => c.loss[bestEpochIndex(c.loss)])),
    lastAccuracy: meanSd(finite.map((c) => c.accuracy[c.accuracy.length - 1])),
    bestAccuracy: meanSd(finite.map((c) => c.accuracy[bestEpochIndex(c.loss)])),
    bestEpoch: finite.length > 0
      ? { mean: meanSd(bestEpochs).mean, min: Math.min(...bestEpochs), max: Math.max(...bestEpochs) }
      : { mean: NaN, min: NaN, max: NaN },
  };
}

function pairKey(key: PairKey): string {
  return `${key.seed}/${key.fold}`;
}

function describeKeys(keys: string[]): string {
  const shown = keys.slice(0, 5).map((key) => { const [seed, fold] = key.split('/'); return `seed ${seed}, fold ${fold}`; });
  return shown.join('; ') + (keys.length > 5 ? `; and ${keys.length - 5} more` : '');
}

/** Refuses a set whose (seed, fold) pairs are not exactly the reference's, naming what is missing or extra. */
function checkPairing(reference: string, referenceRuns: Map<string, PairedRun>, candidate: string, candidateRuns: Map<string, PairedRun>): void {
  const missing = [...referenceRuns.keys()].filter((key) => !candidateRuns.has(key));
  const extra = [...candidateRuns.keys()].filter((key) => !referenceRuns.has(key));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`has no run for ${describeKeys(missing)}, which the reference set '${reference}' has`);
  if (extra.length > 0) problems.push(`has a run for ${describeKeys(extra)}, which the reference set '${reference}' lacks`);
  if (problems.length > 0) throw new RangeError(`set '${candidate}' does not pair with '${reference}': it ${problems.join(', and ')}`);
}

function checkDesign(design: HeldOutDesign): void {
  const { kind, folds, trainRows, heldOutRows } = design;
  if (kind !== 'folds' && kind !== 'split' && kind !== 'none') throw new RangeError(`unknown held-out design '${String(kind)}'`);
  if (!(trainRows > 0)) throw new RangeError(`a design needs training rows, got ${trainRows}`);
  if (kind === 'folds' && !(Number.isInteger(folds) && folds >= 2)) throw new RangeError(`k-fold cross-validation needs at least 2 folds, got ${folds}`);
  if (kind !== 'folds' && folds !== 1) throw new RangeError(`a '${kind}' design has 1 fold, got ${folds}`);
  if (kind !== 'none' && !(heldOutRows > 0)) throw new RangeError(`a '${kind}' design needs held-out rows, got ${heldOutRows}`);
}

function checkRun(run: PairedRun, design: HeldOutDesign): void {
  const name = `set '${setHistoryName(run)}', seed ${run.seed}, fold ${run.fold}`;
  if (!Number.isInteger(run.fold) || run.fold < 1 || run.fold > design.folds) {
    throw new RangeError(`${name}: the fold must be 1${design.folds > 1 ? ` to ${design.folds}` : ''} for a '${design.kind}' design`);
  }
  if (design.kind !== 'none' && (run.valLoss === undefined || run.valAccuracy === undefined)) {
    throw new RangeError(`${name} has no held-out figures (valLoss, valAccuracy), which a '${design.kind}' design needs`);
  }
}
