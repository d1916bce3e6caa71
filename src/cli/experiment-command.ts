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
import { experimentJobs, initModelShape, layerSizes, prepareData, type PreparedData, type RunResult } from '../experiments/experiment.js';
import { FOUNDING_SETTINGS, experimentConfig, type ExperimentSettings } from '../experiments/settings.js';
import { readModelArtifacts, writeModelFiles } from '../node/model-files.js';
import { Sequential } from '../model.js';
import { ownValue } from '../config.js';
import type { Backend } from '../backends/backend.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import { summarize } from '../experiments/summary.js';
import { experimentResults, parameterCount } from '../experiments/results.js';
import { accuracyChart, gradientNormCharts, lossChart } from '../plot/experiment-charts.js';
import { renderReport } from '../plot/report.js';
import { plural } from '../units.js';
import type { WarmUp } from '../experiments/warmup.js';

/**
 * Runs the experiment command; resolves to the exit status (1 when a run diverged).
 * `importModule` loads the PNG renderer's packages (tests pass one that hides them).
 */
export async function experimentCommand(options: ExperimentSettings, importModule?: ImportModule): Promise<number> {
  if (options.json) checkWritableFile(options.json, '--json');
  if (options.out) prepareOutputFolder(options.out, '--out');
  if (options.save) prepareOutputFolder(options.save, '--save');
  const dataset = await loadDataset(options.dataset, options.target === '' ? undefined : options.target);
  const data = prepareData(dataset, options.validationSplit, options.seed);
  const backend = await loadBackend(options.backend);
  const init = options.init ? initialModel(options, data, backend) : undefined;
  // A saved model sets the network: its hidden widths stand in for --hidden's.
  const config = experimentConfig(init ? { ...options, hidden: init.hidden.join(',') || 'none' } : options);
  if (init) config.init = init.artifacts;
  config.keepModels = Boolean(options.save);
  const hidden = config.hidden;
  const sizes = layerSizes(data, hidden);
  const totalParams = parameterCount(sizes);
  const backendName = backend.name;
  const output = sizes[sizes.length - 1] === 1 ? 'sigmoid output, binary cross-entropy' : 'softmax output, cross-entropy';
  const datasetLine = `${data.name}: ${plural(data.samples, 'sample')}, ${plural(data.features, 'feature')}, ${plural(data.classNames.length, 'class', 'classes')} (${data.classNames.join(', ')})`;
  const activations = init ? `${init.activations.join(', ')} hidden, ` : hidden.length > 0 ? `${options.activation} hidden, ` : '';
  const settings = [
    `network ${sizes.join('-')} (${activations}${output})${init ? `, from ${options.init}` : ''}`,
    `${config.optimizer} lr ${config.learningRate}, batch ${config.batchSize}, ${plural(config.epochs, 'epoch')}`,
    data.validationRows > 0
      ? `validation: ${plural(data.validationRows, 'sample')} (${config.validationSplit} of the rows, after one seeded shuffle); ${data.trainRows} to train on`
      : `trained on all ${plural(data.trainRows, 'sample')}`,
    `seed${config.seeds.length > 1 ? `s ${config.seeds[0]}..${config.seeds[config.seeds.length - 1]}` : ` ${config.seeds[0]}`}; backend ${backendName}`,
  ];
  console.log(datasetLine);
  for (const note of dataset.notes) console.log(`note: ${note}`);
  for (const line of settings) console.log(line);

  const jobs = experimentJobs(config).length;
  // Forward and backward passes cost about three multiply-adds per weight per sample.
  const multiplyAdds = 3 * totalParams * data.trainRows * config.epochs * jobs;
  const workers = options.workers ?? defaultWorkers(jobs, multiplyAdds, options.backend);
  const progress = progressBar(jobs);
  const started = performance.now();
  let runs: RunResult[];
  const warmUps: WarmUp[] = [];
  try {
    runs = await runExperiment(data, config, options.backend, workers, (_, done) => progress.update(done), { onWarmUp: (_, warm) => warmUps.push(warm) });
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
  console.log(`${plural(jobs, 'run')} in ${(wall / 1000).toFixed(2)} s on ${plural(Math.min(workers, jobs), 'thread')}`);
  const warmupMs = Math.max(...warmUps.map((warm) => warm.ms));
  console.log(warmUpLine(warmUps, warmupMs));

  if (options.json) {
    const json = experimentResults(data, sizes, backendName, config, runs, warmupMs);
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
  if (options.save) saveModels(runs, options.save);
  for (const run of runs) {
    if (run.divergedAt !== undefined) {
      process.stderr.write(
        `wasmlp: run '${run.train}' seed ${run.seed}: the loss became NaN or infinite at epoch ${run.divergedAt}, so it stopped there; try a smaller learning rate (--lr, now ${config.learningRate})\n`,
      );
    }
  }
  return runs.some((run) => run.divergedAt !== undefined) ? 1 : 0;
}

// The warm-up on a line of its own: what it was, and that ms/run leaves it out.
function warmUpLine(warmUps: WarmUp[], warmupMs: number): string {
  const threads = warmUps.length > 1 ? ` (the longest of ${plural(warmUps.length, 'thread')})` : '';
  return `warm-up: ${warmupMs.toFixed(0)} ms${threads} before the timed runs, not in ms/run: every set trains a throwaway model while V8 compiles and optimises the kernels`;
}

// Reads and checks --init's model before any training: its files, its fit to the data, and
// a trial build (which finds bad weights), so that a bad model is one line and exit 2.
function initialModel(options: ExperimentSettings, data: PreparedData, backend: Backend): { artifacts: ModelArtifacts; hidden: number[]; activations: string[] } {
  for (const name of ['hidden', 'activation'] as const) {
    if (options[name] !== FOUNDING_SETTINGS[name]) throw new RangeError(`--${name} does not apply with --init: the saved model sets the network`);
  }
  let where = '';
  try {
    const { artifacts, file } = readModelArtifacts(options.init as string);
    where = `${file}: `;
    const shape = initModelShape(artifacts, data);
    Sequential.fromArtifacts(artifacts, { backend }).dispose();
    return { artifacts, ...shape };
  } catch (error) {
    // readModelArtifacts names the file itself; what is found after reading it gets the name here.
    if (error instanceof RangeError) throw new RangeError(`--init: ${where}${error.message}`);
    throw error;
  }
}

// Each run's final model in <dir>/<set>-seed<N>/; a run that diverged has no model worth keeping.
function saveModels(runs: RunResult[], dir: string): void {
  let saved = 0;
  for (const run of runs) {
    if (!run.model) continue;
    if (run.divergedAt !== undefined) {
      process.stderr.write(`wasmlp: run '${run.train}' seed ${run.seed} diverged; its model is not saved\n`);
      continue;
    }
    writeModelFiles(run.model, join(dir, `${run.train}-seed${run.seed}`));
    saved++;
  }
  console.log(`models: ${saved} in ${dir}/<set>-seed<N>/ (model.json and weights.bin each)`);
}

async function loadDataset(name: string, target: string | undefined) {
  if (ownValue(BUILTIN_DATASETS, name)) {
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
