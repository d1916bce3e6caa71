// The CLI: `wasmlp experiment`, the main job. Loads a dataset, trains the
// network under every trainable set and seed (on all cores), prints the comparison
// and writes the JSON results, the HTML report and the PNG chart.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinDataset, loadDatasetFile } from '../node/datasets.js';
import { backendOf, loadKernels, type Kernels } from '../node/backends.js';
import { checkOutputFolder, checkWritableFile, createOutputFolders, removeEmptyFolders } from '../node/files.js';
import { Interrupt, TrainingThreads, defaultWorkers, runExperiment } from './pool.js';
import { progressBar } from './terminal.js';
import type { ImportModule, PngSource } from './png-loader.js';
import { PngThread } from './png-thread.js';
import { printComparison, writeOutputs } from './outputs.js';
import { BUILTIN_DATASETS } from '../data/builtin.js';
import { experimentJobs, initModelShape, layerSizes, type PreparedData, type RunResult } from '../experiments/experiment.js';
import { foldCount, heldOutDesign, prepareRun } from '../experiments/folds.js';
import { describeExperiment, experimentVerdict } from '../experiments/describe.js';
import { withVerdict } from '../experiments/results.js';
import { parseShard, shardJobs } from '../experiments/shards.js';
import { formatCount, plural } from '../units.js';
import { checkGrid } from '../experiments/limits.js';
import { FOUNDING_SETTINGS, checkScenario, experimentConfig, flagName, type ExperimentSettings } from '../experiments/settings.js';
import { readModelArtifacts, writeModelFiles } from '../node/model-files.js';
import { Sequential } from '../model.js';
import { arenaBytes, checkArenaBytes } from '../arena.js';
import { ownValue } from '../config.js';
import type { Backend } from '../backends/backend.js';
import type { Dataset } from '../data/csv.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import { experimentResults, parameterCount } from '../experiments/results.js';

/**
 * Runs the experiment command; resolves to the exit status (1 when a run diverged).
 * `importModule` loads the PNG renderer's packages (tests pass one that hides them).
 */
export async function experimentCommand(options: ExperimentSettings, importModule?: ImportModule): Promise<number> {
  if (options.shard && !options.json) throw new RangeError('--shard writes its part of the results to --json FILE; give one (wasmlp merge combines the parts)');
  // Every output is checked now, before any work; folders are made only once the run is accepted.
  const folders = [{ path: options.out, option: '--out' }, { path: options.save, option: '--save' }].filter((folder): folder is { path: string; option: string } => Boolean(folder.path));
  if (options.json) checkWritableFile(options.json, '--json', folders.map((folder) => folder.path));
  for (const folder of folders) checkOutputFolder(folder.path, folder.option);
  // The kernels compile on V8's background threads while this thread reads the data. The
  // promise is marked handled here: when the data are refused first, that error is the one
  // reported, and a failed load (missing kernels) still throws where it is awaited below.
  const kernelsLoading = loadKernels(options.backend);
  kernelsLoading.catch(() => {});
  // Threads asked for by number start now, so that their start-up overlaps the same work.
  const threads = options.workers !== undefined && options.workers > 1 ? new TrainingThreads(options.workers - 1) : undefined;
  // --out's PNG renderer loads on a thread of its own while the runs train (tests that hide
  // its packages through `importModule` load it here instead).
  const png = options.out && !importModule ? new PngThread() : importModule;
  try {
    return await runCommand(options, folders, kernelsLoading, threads, png);
  } finally {
    // The pool ends its threads when it ends; this is for a command refused before it started.
    await threads?.close();
    if (png instanceof PngThread) await png.close();
  }
}

// The command once its outputs are checked, the kernels are loading and any threads starting.
async function runCommand(
  options: ExperimentSettings, folders: { path: string; option: string }[], kernelsLoading: Promise<Kernels>,
  threads: TrainingThreads | undefined, png: ImportModule | PngSource | undefined,
): Promise<number> {
  const dataset = await loadDataset(options.dataset, options.target === '' ? undefined : options.target, options.maxInputMb);
  checkScenario(options, options.init !== undefined, flagName);
  const design = heldOutDesign(options.folds, options.validationSplit);
  const target = options.targetData === undefined ? undefined : await targetDataset(options.targetData, dataset, options.target === '' ? undefined : options.target, options.maxInputMb);
  // The first run's rows: every run has the same features and classes, and about as many rows.
  const data = prepareRun(target ?? dataset, design, options.seed, 1);
  const kernels = await kernelsLoading;
  const backend = await backendOf(kernels);
  const init = options.init ? initialModel(options, data, backend) : undefined;
  // A saved model sets the network: its hidden widths stand in for --hidden's.
  const config = experimentConfig(init ? { ...options, hidden: init.hidden.join(',') || 'none' } : options);
  if (init) config.init = init.artifacts;
  if (target && config.transfer) Object.assign(config.transfer, { target, sourceName: dataset.name });
  config.keepModels = Boolean(options.save);
  const hidden = config.hidden;
  const sizes = layerSizes(data, hidden);
  checkRunMemory(backend, sizes, config.batchSize, Math.max(dataset.rows, target?.rows ?? 0));
  const shard = options.shard ? parseShard(options.shard) : null;
  const grid = { sets: config.sets.length, seeds: config.seeds.length, folds: foldCount(config.heldOut) };
  const gridRuns = grid.sets * grid.seeds * grid.folds;
  checkGrid(grid, shard ? Math.ceil(gridRuns / shard.count) : gridRuns, config.epochs + (config.transfer?.pretrainEpochs ?? 0));
  const totalParams = parameterCount(sizes);
  const backendName = backend.name;
  const initLabel = init ? { label: options.init as string, activations: init.activations } : null;
  const header = describeExperiment(experimentResults(data, sizes, backendName, config, [], initLabel));

  const allJobs = experimentJobs(config);
  const jobs = shard ? shardJobs(shard, allJobs.length) : allJobs.map((_, i) => i);
  // Forward and backward passes cost about three multiply-adds per weight per sample.
  const multiplyAdds = 3 * totalParams * data.trainRows * config.epochs * jobs.length;
  const workers = options.workers ?? defaultWorkers(jobs.length, multiplyAdds, options.backend);
  // The run is accepted: only now are the output folders made (a refused run leaves none behind).
  const made = createOutputFolders(folders);
  const progress = progressBar(jobs.length);
  const started = performance.now();
  let runs: RunResult[];
  // Ctrl-C: the runs in progress stop after their epoch and what was done is written, marked
  // as interrupted; a second Ctrl-C quits at once (the outputs are written atomically).
  const interrupt = new Interrupt();
  const onSigint = (): void => {
    process.off('SIGINT', onSigint);
    progress.stop();
    process.stderr.write('wasmlp: interrupted; stopping after the epochs in progress and writing what was done (Ctrl-C again quits at once)\n');
    interrupt.request();
  };
  process.on('SIGINT', onSigint);
  // The settings come once Ctrl-C is handled, so that it is from their first line on.
  console.log(header.dataset);
  for (const note of dataset.notes) console.log(`note: ${note}`);
  for (const line of header.settings) console.log(line);
  try {
    runs = await runExperiment(dataset, config, kernels, workers, (_, done) => progress.update(done), jobs.map((j) => allJobs[j]), { interrupt, threads });
  } catch (error) {
    removeEmptyFolders(made);
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
  }
  const wall = performance.now() - started;
  const interrupted = interrupt.requested;
  const results = experimentResults(data, sizes, backendName, config, runs, initLabel);
  // A shard holds only some pairs: its verdict comes when the parts are merged; an interrupted
  // experiment has unequal runs, so it gets none.
  const verdict = shard || interrupted ? null : experimentVerdict(results);
  printComparison(results, verdict);
  const finished = runs.filter((run) => !run.interrupted).length;
  console.log(`${plural(runs.length, 'run')}${shard ? ` (shard ${shard.index}/${shard.count} of ${allJobs.length})` : ''} in ${(wall / 1000).toFixed(2)} s on ${plural(Math.min(workers, runs.length), 'thread')}`);
  const body: object = shard ? { ...results, shard: { ...shard, jobs } } : withVerdict(results, verdict);
  const json: object = interrupted ? { interrupted: true, ...body } : body;
  await writeOutputs(results, verdict, json, options, png);
  if (options.save) saveModels(runs, options.save, foldCount(design) > 1);
  const diverged = runs.filter((run) => run.divergedAt !== undefined);
  for (const run of diverged) {
    process.stderr.write(
      `wasmlp: run '${run.train}' seed ${run.seed}: the loss became NaN or infinite at epoch ${run.divergedAt}, so it stopped there; try a smaller learning rate (--lr, now ${config.learningRate})\n`,
    );
  }
  if (interrupted) {
    process.stderr.write(`wasmlp: interrupted: ${finished} of ${plural(jobs.length, 'run')} finished, ${runs.length - finished} stopped early (marked interrupted, with their epochs so far), ${jobs.length - runs.length} not started; the outputs hold what was done\n`);
    return 130;
  }
  return diverged.length > 0 ? 1 : 0;
}

// Refuses, before any thread starts or any model is made, a network whose arena (parameters,
// gradients, moments, mask, one batch's activations, and every row of the data) would not fit
// the most a model's arena holds; the same layout the core makes (arena.ts), from a real
// engine's base. A batch larger than the data is one batch of all of it, as in Keras.
function checkRunMemory(backend: Backend, sizes: number[], batchSize: number, rows: number): void {
  const engine = backend.createEngine();
  const base = engine.base;
  backend.releaseEngine(engine);
  const layers = sizes.slice(1).map((units, l) => ({ inputs: sizes[l], units }));
  const maxBatch = Math.min(batchSize, rows);
  const bytes = arenaBytes(base, sizes[0], layers, { maxBatch, fitRows: rows, targetWidth: 1 });
  checkArenaBytes(bytes, `the network ${sizes.join('-')} (${formatCount(parameterCount(sizes))} parameters) with ${plural(rows, 'sample')} in batches of ${maxBatch}`);
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

// Each run's final model in <dir>/<set>-seed<N>/ (-fold<F> when there are folds); a run that diverged has no model worth keeping.
function saveModels(runs: RunResult[], dir: string, withFold: boolean): void {
  let saved = 0;
  for (const run of runs) {
    if (!run.model) continue;
    if (run.divergedAt !== undefined) {
      process.stderr.write(`wasmlp: run '${run.train}' seed ${run.seed} diverged; its model is not saved\n`);
      continue;
    }
    writeModelFiles(run.model, join(dir, `${run.train}-seed${run.seed}${withFold ? `-fold${run.fold}` : ''}`));
    saved++;
  }
  console.log(`models: ${saved} in ${dir}/<set>-seed<N>${withFold ? '-fold<F>' : ''}/ (model.json and weights.bin each)`);
}

// --target-data: a second file with the dataset's columns and classes, refused by name where they differ.
async function targetDataset(file: string, source: Dataset, target: string | undefined, maxMiB: number): Promise<Dataset> {
  const data = await loadDataset(file, target, maxMiB);
  if (data.features !== source.features) throw new RangeError(`--target-data ${file}: ${plural(data.features, 'feature')}, but ${source.name} has ${source.features}`);
  const differing = data.featureNames.findIndex((name, i) => name !== source.featureNames[i]);
  // A file without a header names its columns by number: only names both files gave can disagree.
  const generic = (name: string | undefined): boolean => name === undefined || /^(column|feature) \d+$/.test(name);
  if (differing >= 0 && !generic(data.featureNames[differing]) && !generic(source.featureNames[differing])) {
    throw new RangeError(`--target-data ${file}: column ${differing + 1} is '${data.featureNames[differing]}', but ${source.name}'s is '${source.featureNames[differing]}'`);
  }
  if (data.classNames.join('\u0000') !== source.classNames.join('\u0000')) {
    throw new RangeError(`--target-data ${file}: classes ${data.classNames.join(', ')}, but ${source.name} has ${source.classNames.join(', ')}`);
  }
  return data;
}

async function loadDataset(name: string, target: string | undefined, maxMiB: number) {
  if (ownValue(BUILTIN_DATASETS, name)) {
    if (target !== undefined) throw new RangeError(`--target applies to CSV files; the built-in dataset '${name}' has its target already`);
    return loadBuiltinDataset(name);
  }
  const looksLikePath = /[/\\.]/.test(name) || existsSync(name);
  if (!looksLikePath) throw new RangeError(`--dataset: '${name}' is neither a built-in dataset (${Object.keys(BUILTIN_DATASETS).join(', ')}) nor a file`);
  return loadDatasetFile(name, { target, maxMiB });
}
