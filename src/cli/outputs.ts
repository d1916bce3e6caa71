// What an experiment shows and writes once its runs are done, from its results alone:
// the terminal comparison and charts, the JSON, the HTML report and the PNG chart. The
// experiment command and `wasmlp merge` both end here, so a merged sweep reads as one run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFileAtomic } from '../node/files.js';
import { lossChart as terminalLossChart, resultsTable } from './terminal.js';
import { loadPngRenderer, pngSkippedMessage, type ImportModule, type PngSource } from './png-loader.js';
import { summarize, type SetSummary } from '../experiments/summary.js';
import { parameterCount, type ExperimentResults } from '../experiments/results.js';
import { describeExperiment, designOf } from '../experiments/describe.js';
import type { Verdict } from '../experiments/verdict.js';
import { foldCount } from '../experiments/folds.js';
import { accuracyChart, gradientNormCharts, lossChart } from '../plot/experiment-charts.js';
import { renderReport } from '../plot/report.js';

/** Runs per trainable set: each figure is a mean over seeds and folds. */
export function runsPerSet(results: ExperimentResults): number {
  return results.config.seeds.length * foldCount(designOf(results.config));
}

/** Prints the verdict, the comparison table and the training and held-out loss charts. */
export function printComparison(results: ExperimentResults, verdict: Verdict | null): SetSummary[] {
  const summaries = summarize(results.runs, results.config.epochs);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  console.log('');
  if (verdict) {
    console.log('verdict:');
    for (const sentence of verdict.sentences) console.log(`  ${sentence}`);
    console.log('');
  }
  console.log(resultsTable(summaries, parameterCount(results.layers), runsPerSet(results), color));
  console.log('');
  for (const which of ['loss', 'valLoss'] as const) {
    const chart = terminalLossChart(summaries, color, 72, which);
    if (chart) console.log(`${chart}\n`);
  }
  return summaries;
}

/**
 * Writes --json (the given document: the results, or a shard's part of them) and --out's report
 * and PNG. The renderer is imported here (through `png`, when it is an import stand-in), or
 * comes from a thread that has been loading it (`png`, a PngSource).
 */
export async function writeOutputs(
  results: ExperimentResults, verdict: Verdict | null, json: object, options: { json?: string; out?: string }, png?: ImportModule | PngSource,
): Promise<void> {
  if (options.json) {
    writeOutput(options.json, `${JSON.stringify(json, null, 1)}\n`, '--json');
    console.log(`results: ${options.json}`);
  }
  if (!options.out) return;
  const summaries = summarize(results.runs, results.config.epochs);
  const { dataset, settings } = describeExperiment(results);
  const sizes = results.layers;
  const charts = [lossChart(summaries, 580, 340), accuracyChart(summaries, 580, 340), ...gradientNormCharts(summaries, sizes, 580, 300)];
  const html = renderReport({ dataset, settings, summaries, totalParams: parameterCount(sizes), runsPerSet: runsPerSet(results), charts, verdict: verdict?.sentences, ...uplotAssets() });
  // The PNG renderer brings a DOM and a canvas (some 40 MB); only --out loads it, when installed.
  const renderer = await (typeof png === 'object' ? png.load() : loadPngRenderer(png));
  const pngFile = join(options.out, 'loss.png');
  const image = 'render' in renderer ? await renderer.render({ ...lossChart(summaries, 960, 540), title: `Loss per epoch: ${results.dataset.name}, ${sizes.join('-')}` }) : null;
  writeOutput(join(options.out, 'report.html'), html, '--out');
  if (image) writeOutput(pngFile, image, '--out');
  console.log(`report: ${join(options.out, 'report.html')} (open it in a browser)${image ? `; chart: ${pngFile}` : ''}`);
  if (!('render' in renderer)) process.stderr.write(`wasmlp: ${pngSkippedMessage(renderer, pngFile)}\n`);
}

// A write that fails after training (a full disk, /dev/full) names the output in one line;
// the paths were checked before training, so this is rare, and it is a failed run (exit 1).
function writeOutput(path: string, data: string | Uint8Array, option: string): void {
  try {
    writeFileAtomic(path, data);
  } catch (error) {
    throw new Error(`${option} ${path}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

// uPlot's browser build, read from the installed package so that the report carries it inline.
function uplotAssets(): { uplotJs: string; uplotCss: string } {
  const require = createRequire(import.meta.url);
  const dist = join(require.resolve('uplot'), '..');
  return {
    uplotJs: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    uplotCss: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
  };
}
