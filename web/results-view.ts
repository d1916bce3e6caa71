// What the page writes in words and tables: the verdict (as the CLI words it), the table
// of each set's figures, and the race's report. Pure functions of the results, apart
// from the elements they fill.
import { summarize, stat, type Stat } from '../src/experiments/summary.js';
import { experimentVerdict } from '../src/experiments/describe.js';
import { describeSet, setHistoryName } from '../src/experiments/train-sets.js';
import { setColor } from '../src/plot/palette.js';
import { escapeHtml } from '../src/plot/report.js';
import { formatSignificant, plural } from '../src/units.js';
import type { ExperimentResults } from '../src/experiments/results.js';
import type { RunResult } from '../src/experiments/experiment.js';
import type { Verdict } from '../src/experiments/verdict.js';
import type { RaceReport } from './protocol.js';

/** Significant digits in the table: enough to compare, digit for digit, with the CLI's JSON. */
export const TABLE_DIGITS = 6;

/** A figure with ± its standard deviation over several runs. */
export function formatFigure(value: Stat | undefined, spread: boolean): string {
  if (!value || value.count === 0) return '—';
  return spread ? `${formatSignificant(value.mean, TABLE_DIGITS)} ± ${formatSignificant(value.std, 2)}` : formatSignificant(value.mean, TABLE_DIGITS);
}

/**
 * The verdict on runs so far (or finished): the CLI's own, from the same function, on the
 * epochs the runs have; null with one set, or while runs do not pair yet.
 */
export function verdictSoFar(results: ExperimentResults): Verdict | null {
  try {
    return experimentVerdict(results);
  } catch {
    // Runs that do not pair yet (none has an epoch): nothing to say.
    return null;
  }
}

/**
 * Fills the verdict panel: a heading for where the runs are, the sentences that give the
 * answer, and the rest (the last epoch, accuracy, cost) folded under them.
 */
export function showVerdict(root: HTMLElement, verdict: Verdict | null, heading: string, detailsOpen = false): void {
  const title = document.createElement('h2');
  title.textContent = heading;
  const paragraphs = (sentences: string[]): HTMLParagraphElement[] => sentences.map((sentence) => {
    const p = document.createElement('p');
    p.textContent = sentence;
    return p;
  });
  const sentences = verdict?.sentences ?? [];
  const lead = verdict?.lead ?? sentences.length;
  // The answer first; how it was judged (the first sentence) after it, in smaller print.
  const [method, ...findings] = paragraphs(sentences.slice(0, lead));
  method?.classList.add('method');
  const parts: HTMLElement[] = [title, ...findings, ...(method ? [method] : [])];
  if (lead < sentences.length) {
    const details = document.createElement('details');
    details.open = detailsOpen;
    const summary = document.createElement('summary');
    summary.textContent = 'the other findings: the last epoch, accuracy, and what each set cost';
    details.append(summary, ...paragraphs(sentences.slice(lead)));
    parts.push(details);
  }
  root.replaceChildren(...parts);
}

/** A set's parameters, as it ended, with what it trained before each change: '496 of 641 (641 for epochs 1-42)'. */
function parametersCell(run: RunResult, total: number): string {
  const changes = run.changes ?? [];
  const before = changes.map((change, i) => {
    const start = i === 0 ? 1 : changes[i - 1].epoch;
    return `${change.paramsBefore} for ${change.epoch - 1 === start ? `epoch ${start}` : `epochs ${start}-${change.epoch - 1}`}`;
  });
  return `${run.trainableParams} of ${total}${before.length > 0 ? ` (${before.join(', ')})` : ''}`;
}

/** The table of each set's final figures (mean ± sd over its runs), named as each set ended. */
export function resultsTable(results: ExperimentResults, totalParams: number): string {
  const summaries = summarize(results.runs, results.config.epochs);
  const spread = results.runs.length > summaries.length;
  const hasValidation = summaries.some((s) => s.final.valLoss);
  // Each column's class lets a reader (or a test) find, say, every final loss.
  const columns: [string, string][] = [
    ['trainable set', 'set'], ['trainable parameters', 'params'], ['final loss', 'loss'], ['final accuracy', 'accuracy'],
    ...(hasValidation ? [['held-out loss', 'val-loss'], ['held-out accuracy', 'val-accuracy']] as [string, string][] : []), ['ms per run', 'ms'],
  ];
  const rows = summaries.map((s, i) => {
    const first = results.runs.find((run) => setHistoryName(run) === s.train) as RunResult;
    const cells = [
      `<span class="swatch" style="background:${setColor(i)}" aria-hidden="true"></span> ${escapeHtml(describeSet(s.train))}`,
      parametersCell(first, totalParams), formatFigure(s.final.loss, spread), formatFigure(s.final.accuracy, spread),
      ...(hasValidation ? [formatFigure(s.final.valLoss, spread), formatFigure(s.final.valAccuracy, spread)] : []), s.msMean.toFixed(1),
    ];
    // data-label: the column's title, which a phone's layout shows beside each figure.
    return `<tr data-set="${escapeHtml(s.train)}">${cells.map((cell, c) => `<td class="${columns[c][1]}" data-label="${columns[c][0]}">${cell}</td>`).join('')}</tr>`;
  });
  const caption = `Each set's figures at its last epoch${spread ? `, mean ± standard deviation over ${plural(results.runs.length / summaries.length, 'run')}` : ''}; the table the charts draw.`;
  return `<caption>${escapeHtml(caption)}</caption><thead><tr>${columns.map(([title]) => `<th scope="col">${title}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody>`;
}

/** The race in words: the median ratio, its spread over the rounds, the times, and what ran. */
export function describeRace(race: RaceReport): string {
  const ratios = race.rounds.map((round) => round.jsMs / round.wasmMs).sort((a, b) => a - b);
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const wasmMs = median(race.rounds.map((round) => round.wasmMs));
  const jsMs = median(race.rounds.map((round) => round.jsMs));
  const ratio = stat(ratios);
  return `WASM vs JS, ${plural(race.rounds.length, 'round')}: wasm is ${median(ratios).toFixed(1)}× faster (median; rounds from ${ratio.min.toFixed(1)}× to ${ratio.max.toFixed(1)}×). `
    + `Median times: ${race.wasmBackend} ${wasmMs.toFixed(0)} ms, JavaScript ${jsMs.toFixed(0)} ms. What ran, each round on each: ${race.what}.`;
}
