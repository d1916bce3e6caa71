// The experiment's verdict (issue 9, part 2): a few plain sentences made from a paired
// comparison's numbers (paired.ts) and nothing else, so they cannot contradict them, and
// the same findings as data for the JSON's top-level `verdict`. Every comparative word
// ("lower", "higher", "overfits", "not resolved") is chosen by a number in the comparison.
import { describeSet } from './train-sets.js';
import type { FigureComparison, Interval, PairedComparison, PairedDifference, PairsNeeded, SetComparison, SetFigures } from './paired.js';

/**
 * A set overfits when its mean held-out loss at the last epoch is more than this fraction
 * above its mean at the runs' best epochs. The best epoch is the minimum of a noisy curve,
 * so the last epoch sits a little above it even without overfitting (a few per cent on the
 * founding data's layer-1-only runs); 10% leaves that noise out and keeps a real rise (the
 * founding data's all-layers runs rise by about 100%).
 */
export const OVERFIT_MARGIN = 0.1;

/** One paired finding: which set does better on one figure at one epoch, and whether the interval resolves it. */
export interface Finding {
  figure: 'loss' | 'accuracy';
  epoch: 'best' | 'last';
  /** The set with the lower loss or higher accuracy on average; null when they are equal or nothing paired. */
  better: string | null;
  resolved: boolean;
  /** candidate - reference, with its interval (null for fewer than two pairs) and the pairs it would need. */
  difference: number;
  interval: Interval | null;
  needed: PairsNeeded;
}

export interface ComparisonVerdict {
  reference: string;
  candidate: string;
  pairs: number;
  excludedPairs: number;
  findings: Finding[];
}

export interface SetVerdict {
  train: string;
  /** Whether the set overfits by the last epoch (see OVERFIT_MARGIN); null without held-out figures. */
  overfits: boolean | null;
  /** (last - best) / best of the mean held-out loss. */
  rise: number;
}

export interface Verdict {
  sentences: string[];
  /**
   * How many sentences, from the first, give the answer: how it was judged, each set's held-out
   * loss at its best epoch, and overfitting; those after them (the last epoch, accuracy, cost)
   * are the details a short account can fold away.
   */
  lead: number;
  measured: PairedComparison['measured'];
  method: PairedComparison['method'];
  confidence: number;
  overfitMargin: number;
  sets: SetVerdict[];
  comparisons: ComparisonVerdict[];
}

/** The verdict on a paired comparison: sentences and the findings they state. */
export function verdictOf(comparison: PairedComparison): Verdict {
  const sets = comparison.sets.map((set) => setVerdict(set, comparison.measured));
  const sentences = [designSentence(comparison)];
  if (comparison.comparisons.length === 0) sentences.push(`There is only one trainable set (${describeSet(comparison.reference)}): nothing to compare.`);
  const compared = comparison.comparisons.filter((c) => c.pairs.length > 0);
  for (const c of comparison.comparisons) {
    if (c.excludedPairs.length > 0) sentences.push(exclusionSentence(c, comparison));
    if (c.pairs.length === 0) continue;
    sentences.push(findingSentence(c, 'loss', 'best', comparison));
  }
  if (comparison.measured === 'held-out') sentences.push(...overfitSentences(comparison.sets, sets));
  const lead = sentences.length;
  for (const c of compared) {
    sentences.push(findingSentence(c, 'loss', 'last', comparison));
    sentences.push(findingSentence(c, 'accuracy', 'best', comparison));
    sentences.push(findingSentence(c, 'accuracy', 'last', comparison));
    sentences.push(costSentence(c));
  }
  return {
    sentences,
    lead,
    measured: comparison.measured,
    method: comparison.method,
    confidence: comparison.confidence,
    overfitMargin: OVERFIT_MARGIN,
    sets,
    comparisons: comparison.comparisons.map((c) => ({
      reference: c.reference,
      candidate: c.candidate,
      pairs: c.pairs.length,
      excludedPairs: c.excludedPairs.length,
      findings: (['best', 'last'] as const).flatMap((epoch) => (['loss', 'accuracy'] as const).map((figure) => finding(c, figure, epoch))),
    })),
  };
}

function finding(c: SetComparison, figure: 'loss' | 'accuracy', epoch: 'best' | 'last'): Finding {
  const { difference } = c[epoch][figure];
  return {
    figure, epoch, better: betterSet(c, figure, difference.mean), resolved: difference.resolved,
    difference: difference.mean, interval: difference.interval, needed: difference.needed,
  };
}

/** Lower loss or higher accuracy wins; the difference is candidate - reference. */
function betterSet(c: SetComparison, figure: 'loss' | 'accuracy', mean: number): string | null {
  if (!Number.isFinite(mean) || mean === 0) return null;
  const candidateBetter = figure === 'loss' ? mean < 0 : mean > 0;
  return candidateBetter ? c.candidate : c.reference;
}

function setVerdict(set: SetFigures, measured: PairedComparison['measured']): SetVerdict {
  const best = set.bestLoss.mean;
  const last = set.lastLoss.mean;
  const rise = best > 0 ? (last - best) / best : last > best ? Infinity : 0;
  const overfits = measured === 'held-out' && Number.isFinite(best) && Number.isFinite(last) ? rise > OVERFIT_MARGIN : null;
  return { train: set.train, overfits, rise };
}

function designSentence(comparison: PairedComparison): string {
  const { design, seeds } = comparison;
  const seedWords = plural(seeds.length, 'seed');
  const interval = `${percent(comparison.confidence)} ${comparison.method === 'corrected-resampled-t' ? 'corrected resampled t intervals (Nadeau and Bengio), which allow for runs sharing training rows' : 'paired t intervals'}`;
  if (design.kind === 'folds') return `Held-out figures come from ${design.folds}-fold cross-validation over ${seedWords}; intervals are ${interval}.`;
  if (design.kind === 'split') return `Held-out figures come from ${design.heldOutRows} held-out rows per seed over ${seedWords}; intervals are ${interval}.`;
  return `There is no held-out data: these are training figures over ${seedWords}, which say how closely each set fits its training rows, not how it does on new rows; intervals are ${interval}.`;
}

function exclusionSentence(c: SetComparison, comparison: PairedComparison): string {
  const counts = [c.reference, c.candidate].map((train) => `${describeSet(train)}: ${c.excludedPairs.filter((pair) => pair.sets.includes(train)).length}`);
  const total = c.pairs.length + c.excludedPairs.length;
  return `Runs with a NaN or infinite ${comparison.measured} figure (${counts.join(', ')}) are left out with their pairs: ${c.pairs.length} of ${total} ${total === 1 ? 'pair is' : 'pairs are'} compared.`;
}

/** One figure at one epoch: which set does better, by how much, and whether that is resolved. */
function findingSentence(c: SetComparison, figure: 'loss' | 'accuracy', epoch: 'best' | 'last', comparison: PairedComparison): string {
  const view: FigureComparison = c[epoch][figure];
  const d = view.difference;
  const what = `${comparison.measured} ${figure}`;
  const lastEpochs = comparison.sets.filter((set) => set.train === c.reference || set.train === c.candidate).map((set) => set.epochs);
  const lastEpoch = lastEpochs.every((epochs) => epochs === lastEpochs[0]) ? ` (epoch ${lastEpochs[0]})` : '';
  const when = epoch === 'best' ? `At each run's best epoch (lowest ${comparison.measured} loss)` : `At the last epoch${lastEpoch}`;
  const better = betterSet(c, figure, d.mean);
  const digits = decimals(d);
  const figures = (train: string) => `${format((train === c.candidate ? view.candidate : view.reference).mean, digits)} for ${describeSet(train)}`;
  if (better === null) {
    const value = format(view.reference.mean, Math.max(3, leadingDecimals(view.reference.mean) + 2));
    const same = d.sd !== 0 ? ` on average (${value}), though pairs differ` : d.n === 1 ? ` in the one pair (${value})` : ` in every pair (${value})`;
    return `${when}, ${describeSet(c.reference)} and ${describeSet(c.candidate)} have the same ${what}${same}; ${neededClause(d, comparison)}`;
  }
  const worse = better === c.candidate ? c.reference : c.candidate;
  // The difference is said as "better by", so flip candidate - reference when the reference is better.
  const sign = better === c.candidate ? (figure === 'loss' ? -1 : 1) : (figure === 'loss' ? 1 : -1);
  const by = format(sign * d.mean, digits);
  const direction = figure === 'loss' ? 'lower' : 'higher';
  const comparisonWords = `${figures(better)} against ${figures(worse)}`;
  if (d.interval === null) {
    return `${when}, ${describeSet(better)} has the ${direction} ${what}: ${comparisonWords}, ${direction} by ${by}; with one pair there is no interval, so this is not resolved: more seeds would measure the spread.`;
  }
  const low = Math.min(sign * d.interval.low, sign * d.interval.high);
  const high = Math.max(sign * d.interval.low, sign * d.interval.high);
  const interval = `${percent(comparison.confidence)} interval ${format(low, digits)} to ${format(high, digits)}`;
  if (d.resolved) return `${when}, ${describeSet(better)} has the ${direction} ${what}: ${comparisonWords}, ${direction} by ${by} (${interval}).`;
  return `${when}, ${describeSet(better)} has the ${direction} mean ${what}, ${comparisonWords}, but the difference, ${by} (${interval}), is not resolved: the interval includes zero; ${neededClause(d, comparison)}`;
}

/** How many seeds it would take, or why no number would; ends the sentence. */
function neededClause(d: PairedDifference, comparison: PairedComparison): string {
  const needed = d.needed;
  const folds = comparison.design.kind === 'folds' ? comparison.design.folds : 1;
  const have = `this run has ${plural(d.n, 'pair')}`;
  switch (needed.status) {
    case 'estimated': {
      const pairs = folds > 1 ? ` of ${folds} folds (${needed.pairs} pairs)` : '';
      return `with this spread, about ${plural(needed.seeds, 'seed')}${pairs} would resolve a difference this size (${have}).`;
    }
    case 'unreachable':
      if (comparison.correction === 0) return 'no practical number of seeds would resolve it at this spread.';
      return `no number of seeds would resolve it: with ${comparison.design.heldOutRows} held-out rows against ${comparison.design.trainRows} training rows, the corrected interval stays wider than ±${format(needed.floor, decimals(d))} at this spread, and the difference is smaller than that.`;
    case 'no-difference':
      return 'no number of seeds would resolve a difference of zero.';
    case 'too-few-pairs':
      return `with ${plural(d.n, 'pair')} there is no spread to tell how many seeds it would take.`;
  }
}

function overfitSentences(figures: SetFigures[], verdicts: SetVerdict[]): string[] {
  const margin = `A set counts as overfitting when its mean held-out loss at the last epoch is more than ${percent(OVERFIT_MARGIN)} above its mean at the best epochs.`;
  const clauses = figures.flatMap((set, i) => {
    const verdict = verdicts[i];
    if (verdict.overfits === null) return [];
    const digits = Math.max(3, leadingDecimals(Math.min(set.bestLoss.mean, set.lastLoss.mean)));
    const epochs = set.bestEpoch.min === set.bestEpoch.max ? `epoch ${set.bestEpoch.min}` : `epochs ${set.bestEpoch.min} to ${set.bestEpoch.max}, ${Math.round(set.bestEpoch.mean)} on average`;
    const numbers = `${format(set.lastLoss.mean, digits)} at epoch ${set.epochs}, ${risePercent(verdict.rise)} its best, ${format(set.bestLoss.mean, digits)} (${epochs})`;
    return [`${describeSet(set.train)} ${verdict.overfits ? 'overfits' : 'does not overfit'}: held-out loss ${numbers}`];
  });
  if (clauses.length === 0) return [];
  return [`${capitalise(clauses.join('; '))}.`, margin];
}

function costSentence(c: SetComparison): string {
  const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
  return `${capitalise(describeSet(c.candidate))} trains ${plural(c.trainableParams.candidate, 'parameter')} and ${describeSet(c.reference)} ${c.trainableParams.reference}; a run took ${ms(c.msMean.candidate)} against ${ms(c.msMean.reference)} on average.`;
}

/** Decimals that show a difference and its interval's half-width to two significant digits (3 to 6). */
function decimals(d: PairedDifference): number {
  const half = d.interval ? (d.interval.high - d.interval.low) / 2 : 0;
  const sizes = [Math.abs(d.mean), half].filter((value) => value > 0 && Number.isFinite(value));
  if (sizes.length === 0) return 3;
  return Math.min(6, Math.max(3, leadingDecimals(Math.min(...sizes)) + 1));
}

/** Decimals up to the first significant digit of |value|. */
function leadingDecimals(value: number): number {
  return value > 0 && Number.isFinite(value) ? -Math.floor(Math.log10(Math.abs(value))) : 0;
}

function format(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

function risePercent(rise: number): string {
  if (rise === Infinity) return 'above';
  return rise >= 0 ? `${Math.round(rise * 100)}% above` : `${Math.round(-rise * 100)}% below`;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
