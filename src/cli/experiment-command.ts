// The CLI: `wasmlp experiment`, the main job. Loads a dataset, trains the
// network under every trainable set and seed (on all cores), prints the comparison
// and writes the JSON results, the HTML report and the PNG chart.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadBuiltinDataset, loadDatasetFile } from '../node/datasets.js';
import { loadBackend } from '../node/backends.js';
import { checkWritableFile, prepareOutputFolder, writeFileAtomic } from '../node/files.js';
import { defaultWorkers, runExperiment } from './pool.js';
import { lossChart as terminalLossChart, progressBar, resultsTable } from './terminal.js';
import { loadPngRenderer, pngSkippedMessage, type ImportModule } from './png-loader.js';
import { BUILTIN_DATASETS } from '../data/builtin.js';
import { experimentJobs, layerSizes, prepareData, type RunResult } from '../experiments/experiment.js';
import { experimentConfig, type ExperimentSettings } from '../experiments/settings.js';
import { summarize } from '../experiments/summary.js';
import { experimentResults, parameterCount } from '../experiments/results.js';
import { accuracyChart, gradientNormCharts, lossChart } from '../plot/experiment-charts.js';
import { renderReport } from '../plot/report.js';

/**
 * Runs the experiment command; resolves to the exit status (1 when a run diverged).
 * `importModule` loads the PNG renderer's packages (tests pass one that hides them).
 */
export async function experimentCommand(options: ExperimentSettings, importModule?: ImportModule): Promise<number> {
  if (options.json) checkWritableFile(options.json, '--json');
  if (options.out) prepareOutputFolder(options.out, '--out');
  const config = experimentConfig(options);
  const hidden = config.hidden;
  const dataset = await loadDataset(options.dataset, options.target === '' ? undefined : options.target);
  const data = prepareData(dataset, config.validationSplit, options.seed);
  const sizes = layerSizes(data, hidden);
  const totalParams = parameterCount(sizes);
  const backendName = (await loadBackend(options.backend)).name;
  const output = sizes[sizes.length - 1] === 1 ? 'sigmoid output, binary cross-entropy' : 'softmax output, cross-entropy';
  const datasetLine = `${data.name}: ${data.samples} samples, ${data.features} features, ${data.classNames.length} classes (${data.classNames.join(', ')})`;
  const settings = [
    `network ${sizes.join('-')} (${hidden.length > 0 ? `${options.activation} hidden, ` : ''}${output})`,
    `${config.optimizer} lr ${config.learningRate}, batch ${config.batchSize}, ${config.epochs} epochs`,
    data.validationRows > 0
      ? `validation: ${data.validationRows} samples (${config.validationSplit} of the rows, after one seeded shuffle); ${data.trainRows} to train on`
      : `trained on all ${data.trainRows} samples`,
    `seed${config.seeds.length > 1 ? `s ${config.seeds[0]}..${config.seeds[config.seeds.length - 1]}` : ` ${config.seeds[0]}`}; backend ${backendName}`,
  ];
  console.log(datasetLine);
  for (const line of settings) console.log(line);

  const jobs = experimentJobs(config).length;
  // Forward and backward passes cost about three multiply-adds per weight per sample.
  const multiplyAdds = 3 * totalParams * data.trainRows * config.epochs * jobs;
  const workers = options.workers ?? defaultWorkers(jobs, multiplyAdds, options.backend);
  const progress = progressBar(jobs);
  const started = performance.now();
  let runs: RunResult[];
  try {
    runs = await runExperiment(data, config, options.backend, workers, (_, done) => progress.update(done));
  } finally {
    progress.stop();
  }
  const wall = performance.now() - started;
  const summaries = summarize(runs, config.epochs);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  console.log('');
  console.log(resultsTable(summaries, totalParams, config.seeds.length, color));
  console.log('');
  const chart = terminalLossChart(summaries, color);
  if (chart) console.log(`${chart}\n`);
  console.log(`${jobs} run${jobs > 1 ? 's' : ''} in ${(wall / 1000).toFixed(2)} s on ${Math.min(workers, jobs)} thread${Math.min(workers, jobs) > 1 ? 's' : ''}`);

  if (options.json) {
    const json = experimentResults(data, sizes, backendName, config, runs);
    writeFileAtomic(options.json, `${JSON.stringify(json, null, 1)}\n`);
    console.log(`results: ${options.json}`);
  }
  if (options.out) {
    const uplot = uplotAssets();
    const charts = [lossChart(summaries, 580, 340), accuracyChart(summaries, 580, 340), ...gradientNormCharts(summaries, sizes, 580, 300)];
    const html = renderReport({ dataset: datasetLine, settings, summaries, totalParams, seeds: config.seeds.length, charts, ...uplot });
    // The PNG renderer brings a DOM and a canvas (some 40 MB); only --out loads it, when installed.
    const renderer = await loadPngRenderer(importModule);
    const pngFile = join(options.out, 'loss.png');
    const png = 'render' in renderer ? renderer.render({ ...lossChart(summaries, 960, 540), title: `Loss per epoch: ${data.name}, ${sizes.join('-')}` }) : null;
    writeFileAtomic(join(options.out, 'report.html'), html);
    if (png) writeFileAtomic(pngFile, png);
    console.log(`report: ${join(options.out, 'report.html')} (open it in a browser)${png ? `; chart: ${pngFile}` : ''}`);
    if (!('render' in renderer)) process.stderr.write(`wasmlp: ${pngSkippedMessage(renderer, pngFile)}\n`);
  }
  for (const run of runs) {
    if (run.divergedAt !== undefined) {
      process.stderr.write(
        `wasmlp: run '${run.train}' seed ${run.seed}: the loss became NaN or infinite at epoch ${run.divergedAt}, so it stopped there; try a smaller learning rate (--lr, now ${config.learningRate})\n`,
      );
    }
  }
  return runs.some((run) => run.divergedAt !== undefined) ? 1 : 0;
}

async function loadDataset(name: string, target: string | undefined) {
  if (BUILTIN_DATASETS[name]) {
    if (target !== undefined) throw new RangeError(`--target applies to CSV files; the built-in dataset '${name}' has its target already`);
    return loadBuiltinDataset(name);
  }
  const looksLikePath = /[/\\.]/.test(name) || existsSync(name);
  if (!looksLikePath) throw new RangeError(`--dataset: '${name}' is neither a built-in dataset (${Object.keys(BUILTIN_DATASETS).join(', ')}) nor a file`);
  return loadDatasetFile(name, { target });
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
