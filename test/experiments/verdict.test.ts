// The verdict: sentences made from the comparison's numbers, checked word for word on a
// hand-computed case, and shown to change when the numbers do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePaired, type HeldOutDesign, type PairedRun } from '../../src/experiments/paired.js';
import { OVERFIT_MARGIN, verdictOf } from '../../src/experiments/verdict.js';

const fiveFolds: HeldOutDesign = { kind: 'folds', folds: 5, trainRows: 400, heldOutRows: 100 };

/** What one run ends with: held-out loss at its best and last epochs, and held-out accuracy there. */
interface Ending { best: number; last: number; accuracyBest: number; accuracyLast: number }

/** Runs of three epochs over seeds 1-2 x folds 1-5 (pair j = 0..9), the best epoch being the second; sets in the order given. */
function runs(sets: [string, (j: number) => Ending][], design = fiveFolds, seeds = [1, 2]): PairedRun[] {
  const folds = design.folds;
  return sets.flatMap(([train, ending]) => seeds.flatMap((seed, s) => Array.from({ length: folds }, (_, f) => {
    const end = ending(s * folds + f);
    return {
      train, seed, fold: f + 1, trainableParams: train === 'all' ? 673 : 496, ms: train === 'all' ? 65 : 11,
      loss: [0.9, 0.5, 0.4], accuracy: [0.6, 0.8, 0.9],
      valLoss: [1, end.best, end.last], valAccuracy: [0.5, end.accuracyBest, end.accuracyLast],
    };
  })));
}

// Differences '1' - 'all' alternate by ±s around a mean: sd = s x sqrt(10/9).
const alternate = (j: number, mean: number, s: number) => mean + (j % 2 === 1 ? s : -s);
const allLayers = (): Ending => ({ best: 0.07, last: 0.15, accuracyBest: 0.97, accuracyLast: 0.96 });
const layerOne = (j: number): Ending => ({
  best: 0.07 + alternate(j, 0.02, 0.004),
  last: 0.072 + alternate(j, 0.02, 0.004),
  accuracyBest: 0.97 + alternate(j, 0.001, 0.01),
  accuracyLast: 0.96 + alternate(j, 0.012, 0.01),
});

test('the verdict on a founding-like case, sentence by sentence', () => {
  // Best loss: mean 0.02, sd 0.0042164; factor 1/10 + 100/400 = 0.35; half-width 2.262157 x 0.0042164 x sqrt(0.35) = 0.0056428.
  // Accuracy at the best epoch: mean 0.001, sd 0.0105409, half-width 0.0141070; the floor 1.959964 x 0.0105409 x 0.5 = 0.0103 > 0.001.
  // Accuracy at the last epoch: mean 0.012, above that floor; 20 pairs give 2.093024 x 0.0105409 x sqrt(1/20 + 1/4) = 0.012084,
  // 21 give 2.085963 x 0.0105409 x sqrt(1/21 + 1/4) = 0.011996 < 0.012: 21 pairs, 5 seeds of 5 folds.
  const verdict = verdictOf(comparePaired(runs([['all', allLayers], ['1', layerOne]]), fiveFolds));
  assert.deepEqual(verdict.sentences, [
    'Held-out figures come from 5-fold cross-validation over 2 seeds; intervals are 95% corrected resampled t intervals (Nadeau and Bengio), which allow for runs sharing training rows.',
    "At each run's best epoch (lowest held-out loss), all layers has the lower held-out loss: 0.0700 for all layers against 0.0900 for layer 1 only, lower by 0.0200 (95% interval 0.0144 to 0.0256).",
    'All layers overfits: held-out loss 0.150 at epoch 3, 114% above its best, 0.070 (epoch 2); layer 1 only does not overfit: held-out loss 0.092 at epoch 3, 2% above its best, 0.090 (epoch 2).',
    'A set counts as overfitting when its mean held-out loss at the last epoch is more than 10% above its mean at the best epochs.',
    'At the last epoch (epoch 3), layer 1 only has the lower held-out loss: 0.0920 for layer 1 only against 0.1500 for all layers, lower by 0.0580 (95% interval 0.0524 to 0.0636).',
    "At each run's best epoch (lowest held-out loss), layer 1 only has the higher mean held-out accuracy, 0.9710 for layer 1 only against 0.9700 for all layers, but the difference, 0.0010 (95% interval -0.0131 to 0.0151), is not resolved: the interval includes zero; no number of seeds would resolve it: with 100 held-out rows against 400 training rows, the corrected interval stays wider than ±0.0103 at this spread, and the difference is smaller than that.",
    'At the last epoch (epoch 3), layer 1 only has the higher mean held-out accuracy, 0.972 for layer 1 only against 0.960 for all layers, but the difference, 0.012 (95% interval -0.002 to 0.026), is not resolved: the interval includes zero; with this spread, about 5 seeds of 5 folds (21 pairs) would resolve a difference this size (this run has 10 pairs).',
    'Layer 1 only trains 496 parameters and all layers 673; a run took 11 ms against 65 ms on average.',
  ]);
  assert.deepEqual(verdict.sets, [{ train: 'all', overfits: true, rise: (0.15 - 0.07) / 0.07 }, { train: '1', overfits: false, rise: verdict.sets[1].rise }]);
  assert.ok(Math.abs(verdict.sets[1].rise - 0.002 / 0.09) < 1e-9);
  const [bestLoss, bestAccuracy, lastLoss, lastAccuracy] = verdict.comparisons[0].findings;
  assert.deepEqual([bestLoss.figure, bestLoss.epoch, bestLoss.better, bestLoss.resolved], ['loss', 'best', 'all', true]);
  assert.deepEqual([bestAccuracy.better, bestAccuracy.resolved, bestAccuracy.needed.status], ['1', false, 'unreachable']);
  assert.deepEqual([lastLoss.better, lastLoss.resolved], ['1', true]);
  assert.deepEqual([lastAccuracy.better, lastAccuracy.resolved, lastAccuracy.needed], ['1', false, { status: 'estimated', pairs: 21, seeds: 5 }]);
  assert.equal(verdict.overfitMargin, OVERFIT_MARGIN);
});

test('swapping the sets\' numbers flips every comparative sentence', () => {
  const verdict = verdictOf(comparePaired(runs([['all', layerOne], ['1', allLayers]]), fiveFolds));
  assert.equal(verdict.sentences[1], "At each run's best epoch (lowest held-out loss), layer 1 only has the lower held-out loss: 0.0700 for layer 1 only against 0.0900 for all layers, lower by 0.0200 (95% interval 0.0144 to 0.0256).");
  assert.match(verdict.sentences[2], /^All layers does not overfit: .*; layer 1 only overfits: held-out loss 0\.150 at epoch 3, 114% above/);
  assert.match(verdict.sentences[4], /^At the last epoch \(epoch 3\), all layers has the lower held-out loss: 0\.0920 for all layers against 0\.1500 for layer 1 only/);
  assert.match(verdict.sentences[5], /all layers has the higher mean held-out accuracy, 0\.9710 for all layers against 0\.9700 for layer 1 only/);
  // Findings: loss and accuracy at the best epoch, then at the last.
  assert.deepEqual(verdict.comparisons[0].findings.map((f) => f.better), ['1', 'all', 'all', 'all']);
});

test('a smaller difference with the same spread is not resolved, and the sentence says how many seeds it would take', () => {
  const closer = (j: number): Ending => ({ ...layerOne(j), best: 0.07 + alternate(j, 0.005, 0.004) });
  const verdict = verdictOf(comparePaired(runs([['all', allLayers], ['1', closer]]), fiveFolds));
  // Mean 0.005 against a half-width of 0.0056: the interval includes zero; the floor 1.959964 x 0.0042164 x 0.5 = 0.0041 is below 0.005.
  assert.match(verdict.sentences[1], /^At each run's best epoch \(lowest held-out loss\), all layers has the lower mean held-out loss, 0\.0700 for all layers against 0\.0750 for layer 1 only, but the difference, 0\.0050 \(95% interval -0\.0006 to 0\.0106\), is not resolved: the interval includes zero; with this spread, about \d+ seeds of 5 folds \(\d+ pairs\) would resolve a difference this size \(this run has 10 pairs\)\.$/);
  const needed = verdict.comparisons[0].findings[0].needed;
  assert.equal(needed.status, 'estimated');
  if (needed.status === 'estimated') assert.ok(verdict.sentences[1].includes(`about ${needed.seeds} seeds of 5 folds (${needed.pairs} pairs)`));
  assert.equal(verdict.comparisons[0].findings[0].resolved, false);
});

test('overfitting is judged against the stated margin', () => {
  const ending = (rise: number) => (): Ending => ({ best: 0.1, last: 0.1 * (1 + rise), accuracyBest: 0.9, accuracyLast: 0.9 });
  const verdict = (rise: number) => verdictOf(comparePaired(runs([['all', ending(rise)], ['1', ending(0)]]), fiveFolds));
  assert.equal(verdict(OVERFIT_MARGIN - 0.01).sets[0].overfits, false);
  assert.match(verdict(OVERFIT_MARGIN - 0.01).sentences.join(' '), /All layers does not overfit: held-out loss 0\.109 at epoch 3, 9% above its best, 0\.100/);
  assert.equal(verdict(OVERFIT_MARGIN + 0.01).sets[0].overfits, true);
  assert.match(verdict(OVERFIT_MARGIN + 0.01).sentences.join(' '), /All layers overfits: held-out loss 0\.111 at epoch 3, 11% above its best, 0\.100/);
});

test('identical sets, one pair, left-out runs, one set, and no held-out data each get their own words', () => {
  const same = verdictOf(comparePaired(runs([['all', allLayers], ['1', allLayers]]), fiveFolds));
  assert.equal(same.sentences[1], "At each run's best epoch (lowest held-out loss), all layers and layer 1 only have the same held-out loss in every pair (0.0700); no number of seeds would resolve a difference of zero.");
  assert.equal(same.comparisons[0].findings[0].better, null);

  const split: HeldOutDesign = { kind: 'split', folds: 1, trainRows: 400, heldOutRows: 100 };
  const one = verdictOf(comparePaired(runs([['all', allLayers], ['1', layerOne]], split, [7]), split));
  assert.equal(one.sentences[0], 'Held-out figures come from 100 held-out rows per seed over 1 seed; intervals are 95% corrected resampled t intervals (Nadeau and Bengio), which allow for runs sharing training rows.');
  assert.equal(one.sentences[1], "At each run's best epoch (lowest held-out loss), all layers has the lower held-out loss: 0.070 for all layers against 0.086 for layer 1 only, lower by 0.016; with one pair there is no interval, so this is not resolved: more seeds would measure the spread.");

  const diverged = runs([['all', allLayers], ['1', layerOne]]).map((run) => (run.train === '1' && run.seed === 2 && run.fold === 3 ? { ...run, divergedAt: 2, valLoss: [1, NaN, NaN] } : run));
  const left = verdictOf(comparePaired(diverged, fiveFolds));
  assert.equal(left.sentences[1], 'Runs with a NaN or infinite held-out figure (all layers: 0, layer 1 only: 1) are left out with their pairs: 9 of 10 pairs are compared.');
  assert.equal(left.comparisons[0].pairs, 9);

  const alone = verdictOf(comparePaired(runs([['all', allLayers]]), fiveFolds));
  assert.deepEqual(alone.sentences.slice(1, 2), ['There is only one trainable set (all layers): nothing to compare.']);

  const training: HeldOutDesign = { kind: 'none', folds: 1, trainRows: 500, heldOutRows: 0 };
  const trainingRuns = runs([['all', allLayers], ['1', layerOne]], training, [1, 2, 3]).map((run) => (run.train === '1' ? { ...run, loss: [0.9, 0.3 + run.seed / 100, 0.35] } : run));
  const noHeldOut = verdictOf(comparePaired(trainingRuns, training));
  assert.equal(noHeldOut.sentences[0], 'There is no held-out data: these are training figures over 3 seeds, which say how closely each set fits its training rows, not how it does on new rows; intervals are 95% paired t intervals.');
  assert.match(noHeldOut.sentences[1], /^At each run's best epoch \(lowest training loss\), layer 1 only has the lower training loss: 0\.320 for layer 1 only against 0\.400 for all layers, lower by 0\.080/);
  assert.ok(!noHeldOut.sentences.some((sentence) => /overfit/.test(sentence)), 'training loss cannot show overfitting');
  assert.deepEqual(noHeldOut.sets.map((set) => set.overfits), [null, null]);
});
