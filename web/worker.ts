// The training worker: trains every run of the grid (trainable sets x seeds x folds, as
// the CLI's experiment does) in lockstep, one epoch at a time, at the page's pace;
// streams each epoch to the page and applies trainable-set changes between epochs.
import { ExperimentRun, experimentJobs, initModelShape, layerSizes, prepareData, type ExperimentConfig } from '../src/experiments/experiment.js';
import { parseTrainSets } from '../src/experiments/train-sets.js';
import { heldOutDesign } from '../src/experiments/folds.js';
import { FoldData, warmUpData } from '../src/experiments/run-inputs.js';
import { parseShift } from '../src/experiments/shifts.js';
import { experimentResults, parameterCount } from '../src/experiments/results.js';
import { browserBackend } from './backends.js';
import { warmUp } from '../src/experiments/warmup.js';
import { plural } from '../src/units.js';
import { Pacer } from './pacer.js';
import type { EpochUpdate, RaceReport, RunRequest, ToPage, ToWorker } from './protocol.js';

const post = (message: ToPage, transfer: Transferable[] = []): void => self.postMessage(message, { transfer });
let active: { pacer: Pacer; toggles: { setIndex: number; train: string }[] } | null = null;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'toggle') active?.toggles.push(message);
  else if (message.type === 'stop') active?.pacer.stop();
  else if (message.type === 'pause') active?.pacer.pause();
  else if (message.type === 'resume') active?.pacer.resume();
  else if (message.type === 'step') active?.pacer.step();
  else if (message.type === 'pace') active?.pacer.setPace(message.pace);
  else if (message.type === 'run') train(message).catch(report);
  else if (message.type === 'race') race(message).catch(report);
};

function report(error: unknown): void {
  active = null;
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

/** The experiment the request describes, as the CLI's settings would make it. */
function configOf(request: Omit<RunRequest, 'type'>, hidden: number[]): ExperimentConfig {
  const shift = request.shift === undefined ? undefined : parseShift(request.shift);
  const transfer = request.pretrain !== undefined || shift !== undefined || request.targetFraction !== undefined;
  return {
    hidden, activation: request.activation, epochs: request.epochs, batchSize: request.batchSize,
    learningRate: request.learningRate, optimizer: request.optimizer, validationSplit: request.validationSplit,
    heldOut: heldOutDesign(request.folds, request.validationSplit),
    sets: parseTrainSets(request.train.join(','), hidden.length + 1),
    seeds: Array.from({ length: request.seeds }, (_, i) => request.seed + i),
    init: request.init?.artifacts,
    ...(transfer ? { transfer: { pretrainEpochs: request.pretrain, shift, targetFraction: request.targetFraction } } : {}),
  };
}

// A message-channel round trip lets queued messages (toggles, pause, stop) in, without setTimeout's clamping.
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

async function train(request: RunRequest): Promise<void> {
  const state = { pacer: new Pacer(request.pace, request.startPaused), toggles: [] as { setIndex: number; train: string }[] };
  active = state;
  const first = prepareData(request.dataset, 0, request.seed);
  const shape = request.init ? initModelShape(request.init.artifacts, first) : undefined;
  const config = configOf(request, shape?.hidden ?? request.hidden);
  const sizes = layerSizes(first, config.hidden);
  const backend = await browserBackend(request.backend);
  post({ type: 'preparing', what: 'compiling and warming up the kernels' });
  // Before any run is timed: the runs step in lockstep, so without it the first epochs of every run would share it.
  const warmed = await warmUp(warmUpData(request.dataset, config), config, backend);
  const inputs = new FoldData(request.dataset, config, backend);
  const jobs = experimentJobs(config);
  if (config.transfer?.pretrainEpochs) post({ type: 'preparing', what: `pretraining ${plural(jobs.length / config.sets.length, 'network')} (every layer, ${plural(config.transfer.pretrainEpochs, 'epoch')} each)` });
  const runs: ExperimentRun[] = [];
  for (const job of jobs) {
    const { data, init } = await inputs.get(job.seed, job.fold);
    runs.push(new ExperimentRun(data, config, config.sets[job.setIndex], job.seed, backend, job.fold, init));
  }
  const data = (await inputs.get(config.seeds[0], 1)).data;
  const initLabel = request.init && shape ? { label: request.init.label, activations: shape.activations } : null;
  post({
    type: 'started', backend: backend.name, sizes, totalParams: parameterCount(sizes), trainRows: data.trainRows, heldOutRows: data.validationRows, seeds: config.seeds,
    sets: config.sets.map((set, i) => ({ name: set.name, trainableParams: runs[jobs.findIndex((job) => job.setIndex === i)].model.countTrainableParams() })),
    runs: jobs, shell: experimentResults(data, sizes, backend.name, config, [], initLabel, undefined),
  });
  let trainingMs = 0;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    await state.pacer.next(() => post({ type: 'paused', epoch }));
    if (state.pacer.stopped) break;
    for (const toggle of state.toggles.splice(0)) {
      const [set] = parseTrainSets(toggle.train, sizes.length - 1);
      let trainableParams = 0;
      jobs.forEach((job, i) => {
        if (job.setIndex !== toggle.setIndex) return;
        runs[i].changeSet(set);
        trainableParams = runs[i].model.countTrainableParams();
      });
      post({ type: 'toggled', setIndex: toggle.setIndex, epoch, train: set.name, trainableParams });
    }
    const updates: EpochUpdate[] = [];
    runs.forEach((run, index) => {
      if (run.finished) return;
      updates.push({ run: index, loss: NaN, accuracy: NaN, gradNorm: [], weightHash: [], diverged: false });
    });
    for (const update of updates) {
      const run = runs[update.run];
      await run.step();
      const r = run.result;
      const last = r.loss.length - 1;
      Object.assign(update, {
        loss: r.loss[last], accuracy: r.accuracy[last], valLoss: r.valLoss?.[last], valAccuracy: r.valAccuracy?.[last],
        gradNorm: r.gradNorm[last], weightHash: run.model.layers.map((layer) => hashWeights(layer.getWeights())), diverged: r.divergedAt !== undefined,
      });
    }
    trainingMs = runs.reduce((sum, run) => sum + run.result.ms, 0);
    post({ type: 'epoch', epoch, runs: updates, trainingMs });
    if (updates.length === 0) break;
    await yieldToMessages();
  }
  active = null;
  const stopped = state.pacer.stopped;
  for (const run of runs) if (stopped && !run.finished) run.result.interrupted = true;
  // Each run's final model, for the page's download.
  const models = runs.map((run) => run.model.toArtifacts());
  for (const run of runs) run.model.dispose();
  post({
    type: 'done', results: experimentResults(data, sizes, backend.name, config, runs.map((run) => run.result), initLabel, warmed.ms),
    trainingMs, stopped, models,
  }, models.map((model) => model.weightData as ArrayBuffer));
}

// FNV-1a over the float bits: equal hashes across epochs mean the layer did not move.
function hashWeights(parts: Float32Array[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const bits = new Uint32Array(part.buffer, part.byteOffset, part.length);
    for (let i = 0; i < bits.length; i++) hash = Math.imul(hash ^ bits[i], 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The same training on wasm and on JavaScript, `rounds` times, alternating which goes first
 * so that neither always meets a warmer (or busier) machine; every row trained on, one seed.
 */
async function race(request: Omit<RunRequest, 'type'> & { rounds: number }): Promise<void> {
  const config = { ...configOf({ ...request, init: undefined, pretrain: undefined, shift: undefined, targetFraction: undefined }, request.hidden), seeds: [request.seed] };
  const data = prepareData(request.dataset, 0, request.seed);
  const time = async (name: 'wasm' | 'wasm-simd' | 'js', epochs: number): Promise<{ backend: string; ms: number }> => {
    const backend = await browserBackend(name);
    const started = performance.now();
    for (const set of config.sets) {
      const run = new ExperimentRun(data, { ...config, epochs }, set, request.seed, backend);
      while (!run.finished) await run.step();
      run.model.dispose();
    }
    return { backend: backend.name, ms: performance.now() - started };
  };
  const wasmName = request.backend === 'js' ? 'wasm' : request.backend;
  // A few epochs on each first, so that both are compiled and optimised before the timed rounds.
  await time(wasmName, Math.min(5, config.epochs));
  await time('js', Math.min(5, config.epochs));
  const rounds: RaceReport['rounds'] = [];
  let wasmBackend = '';
  for (let round = 0; round < request.rounds; round++) {
    post({ type: 'race-progress', round: round + 1, rounds: request.rounds });
    const wasmFirst = round % 2 === 0;
    const a = await time(wasmFirst ? wasmName : 'js', config.epochs);
    const b = await time(wasmFirst ? 'js' : wasmName, config.epochs);
    const [wasm, js] = wasmFirst ? [a, b] : [b, a];
    wasmBackend = wasm.backend;
    rounds.push({ wasmMs: wasm.ms, jsMs: js.ms });
  }
  const sets = config.sets.map((set) => set.name).join(' and ');
  const what = `network ${layerSizes(data, config.hidden).join('-')} on ${data.name}: ${plural(config.sets.length, 'run')} (sets ${sets}) of ${plural(config.epochs, 'epoch')} on all ${plural(data.trainRows, 'row')}, batch ${config.batchSize}, seed ${request.seed}, in this page's worker`;
  post({ type: 'race', race: { what, wasmBackend, rounds } });
}
