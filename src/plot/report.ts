// The experiment report: one self-contained HTML page (uPlot inlined, works
// offline) with the question, the settings, the final figures and the charts.
import type { ChartSpec } from './chart-spec.js';
import { toUplot } from './uplot-options.js';
import { setColor } from './palette.js';
import { formatStat, type SetSummary } from '../experiments/summary.js';

export interface ReportInput {
  /** Dataset description, e.g. "breast-cancer: 569 samples, 30 features, 2 classes". */
  dataset: string;
  /** Settings lines, e.g. "network 30-16-8-1 (relu; sigmoid output)". */
  settings: string[];
  summaries: SetSummary[];
  totalParams: number;
  /** Runs behind each set's figures (seeds x folds). */
  runsPerSet: number;
  charts: ChartSpec[];
  /** The verdict's sentences, which head the report (none when there is a single set). */
  verdict?: string[];
  /** uPlot's browser build and stylesheet, inlined so the page needs no network. */
  uplotJs: string;
  uplotCss: string;
}

/** The whole report page as HTML text. */
export function renderReport(input: ReportInput): string {
  const charts = input.charts.map((spec) => toUplot(spec));
  const figures = input.charts.map((_, i) => `<figure><div class="chart" id="chart-${i}"></div></figure>`);
  // The note describes what is drawn: dashed curves only where a chart has them.
  const dashed = input.charts.some((chart) => chart.series.some((series) => series.dashed));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wasmlp experiment: ${escapeHtml(input.dataset)}</title>
<style>${input.uplotCss}</style>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 0; background: #f6f7f9; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.question { background: #fff; border-left: 4px solid #1f77b4; padding: 10px 16px; margin: 16px 0; }
.settings { color: #4a5263; margin: 0; padding-left: 18px; }
table { border-collapse: collapse; background: #fff; margin: 16px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 12px; border-bottom: 1px solid #e3e6eb; text-align: right; }
th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(580px, 1fr)); gap: 16px; }
figure { background: #fff; margin: 0; padding: 10px 12px; border: 1px solid #e3e6eb; border-radius: 6px; }
/* The min and max edges of a band are series for uPlot, not lines for the reader. */
.u-legend .band-edge { display: none; }
.u-title { font-size: 15px; }
.note { color: #4a5263; font-size: 13px; }
.verdict { background: #fff; border-left: 4px solid #2ca02c; padding: 6px 16px; margin: 16px 0; }
.verdict p { margin: 6px 0; }
</style>
</head>
<body>
<main>
<h1>Which layers need training?</h1>
<div>${escapeHtml(input.dataset)}</div>
${input.verdict && input.verdict.length > 0 ? `<section class="verdict" aria-label="verdict">${input.verdict.map((sentence) => `<p>${escapeHtml(sentence)}</p>`).join('')}</section>` : ''}
<p class="question">Gradient descent updates every layer, yet the first layer's gradient already carries the later layers' weights.
Each trainable set below trains only some layers (or parameters) from the same initial weights, with the same shuffles;
what remains frozen keeps its initial values. The curves show what that costs.</p>
<ul class="settings">${input.settings.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
${finalTable(input)}
<div class="grid">${figures.join('\n')}</div>
<p class="note">${input.runsPerSet > 1 ? `Lines are means over ${input.runsPerSet} runs per set (seeds × folds); shaded bands span their minimum and maximum. ` : ''}${dashed ? 'Held-out curves are dashed. ' : ''}Gradient norms are the mean over an epoch's steps of each layer's gradient L2 norm, shown for the sets that train that layer. Made by wasmlp.</p>
</main>
<script>${input.uplotJs}</script>
<script>
const charts = ${jsonForScript(charts)};
charts.forEach((chart, i) => new uPlot({ ...chart.options, legend: { live: false } }, chart.data, document.getElementById('chart-' + i)));
</script>
</body>
</html>
`;
}

function finalTable(input: ReportInput): string {
  const spread = input.runsPerSet > 1;
  const hasValidation = input.summaries.some((s) => s.final.valLoss);
  const head = ['train', 'trainable parameters', 'final loss', 'final accuracy', ...(hasValidation ? ['val loss', 'val accuracy'] : []), 'ms per run'];
  const rows = input.summaries.map((s, i) => {
    const cells = [
      `<span class="swatch" style="background:${setColor(i)}"></span>${escapeHtml(s.train)}`,
      `${s.trainableParams} of ${input.totalParams}`,
      formatStat(s.final.loss, spread) + (s.diverged ? ` (${s.diverged} diverged)` : ''),
      formatStat(s.final.accuracy, spread),
      ...(hasValidation ? [formatStat(s.final.valLoss, spread), formatStat(s.final.valAccuracy, spread)] : []),
      s.msMean.toFixed(1),
    ];
    return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}


/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

// JSON inside a <script> must not contain "</script>" or an HTML comment opener.
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
