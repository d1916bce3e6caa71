// The training worker: runs every trainable set and seed in lockstep, one epoch at a
// time, streams each epoch to the page, and applies trainable-set changes between epochs.
import { ExperimentRun, initModelShape, layerSizes, prepareData, type ExperimentConfig } from '../src/experiments/experiment.js';
import { parseTrainSets } from '../src/experiments/train-sets.js';
import { heldOutDesign } from '../src/experiments/folds.js';
import { experimentResults, parameterCount } from '../src/experiments/results.js';
import { browserBackend } from './backends.js';
import { warmUp } from '../src/experiments/warmup.js';
import type { EpochUpdate, RunRequest, ToPage, ToWorker } from './protocol.js';

const post = (message: ToPage, transfer: Transferable[] = []): void => self.postMessage(message, { transfer });
let active: { stopped: boolean; toggles: { setIndex: number; train: string }[] } | null = null;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'toggle') active?.toggles.push(message);
  else if (message.type === 'stop') { if (active) active.stopped = true; }
  else if (message.type === 'run') train(message).catch(report);
  else if (message.type === 'race') race(message).catch(report);
};

function report(error: unknown): void {
  active = null;
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function configOf(request: Omit<RunRequest, 'type'>, seeds: number): ExperimentConfig {
  return {
    hidden: request.hidden, activation: request.activation, epochs: request.epochs, batchSize: request.batchSize,
    learningRate: request.learningRate, optimizer: request.optimizer, validationSplit: request.validationSplit,
    // The page holds out one split (the same for every seed) or nothing; folds are the command's for now.
    heldOut: heldOutDesign('none', request.validationSplit),
    sets: parseTrainSets(request.train.join(','), request.hidden.length + 1),
    seeds: Array.from({ length: seeds }, (_, i) => request.seed + i),
    init: request.init,
  };
}

// A message-channel round trip lets queued messages (toggles, stop) in, without setTimeout's clamping.
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

async function train(request: RunRequest): Promise<void> {
  const state = { stopped: false, toggles: [] as { setIndex: number; train: string }[] };
  active = state;
  const config = configOf(request, request.seeds);
  const data = prepareData(request.dataset, config.validationSplit, request.seed);
  if (config.init) initModelShape(config.init, data);
  const sizes = layerSizes(data, config.hidden);
  const backend = await browserBackend(request.backend);
  // Before any run is timed: the runs step in lockstep, so without it the first epochs of every run would share it.
  const warmed = await warmUp(data, config, backend);
  const runs = config.sets.flatMap((set, setIndex) => config.seeds.map((seed) => ({ setIndex, run: new ExperimentRun(data, config, set, seed, backend) })));
  post({
    type: 'started', backend: backend.name, sizes, totalParams: parameterCount(sizes), trainRows: data.trainRows, seeds: config.seeds,
    sets: config.sets.map((set, i) => ({ name: set.name, trainableParams: runs.find((r) => r.setIndex === i)?.run.model.countTrainableParams() ?? 0 })),
  });
  const started = performance.now();
  for (let epoch = 0; epoch < config.epochs && !state.stopped; epoch++) {
    for (const toggle of state.toggles.splice(0)) {
      const [set] = parseTrainSets(toggle.train, sizes.length - 1);
      for (const r of runs) if (r.setIndex === toggle.setIndex) r.run.applySet(set);
      post({ type: 'toggled', setIndex: toggle.setIndex, epoch, train: set.name });
    }
    const updates: EpochUpdate[] = [];
    for (const { setIndex, run } of runs) {
      if (run.finished) continue;
      await run.step();
      const r = run.result;
      const last = r.loss.length - 1;
      updates.push({
        setIndex, seed: r.seed, loss: r.loss[last], accuracy: r.accuracy[last], valLoss: r.valLoss?.[last], valAccuracy: r.valAccuracy?.[last],
        gradNorm: r.gradNorm[last], weightHash: run.model.layers.map((layer) => hashWeights(layer.getWeights())),
        trainableParams: run.model.countTrainableParams(), diverged: r.divergedAt !== undefined,
      });
    }
    post({ type: 'epoch', epoch, runs: updates, elapsedMs: performance.now() - started });
    await yieldToMessages();
  }
  active = null;
  // Each run's final model, for the page's download.
  const models = runs.map(({ run }) => run.model.toArtifacts());
  for (const { run } of runs) run.model.dispose();
  post({
    type: 'done', results: experimentResults(data, sizes, backend.name, config, runs.map((r) => r.run.result), null, warmed.ms),
    elapsedMs: performance.now() - started, stopped: state.stopped, models,
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

async function race(request: Omit<RunRequest, 'type'>): Promise<void> {
  const config = configOf({ ...request, init: undefined }, 1);
  const data = prepareData(request.dataset, config.validationSplit, request.seed);
  const time = async (name: 'wasm' | 'js', epochs: number): Promise<{ backend: string; ms: number }> => {
    const backend = await browserBackend(name);
    const started = performance.now();
    for (const set of config.sets) {
      const run = new ExperimentRun(data, { ...config, epochs }, set, request.seed, backend);
      while (!run.finished) await run.step();
      run.model.dispose();
    }
    return { backend: backend.name, ms: performance.now() - started };
  };
  // A few epochs on each first, so that both are compiled and optimised before the timed runs.
  await time('wasm', Math.min(5, config.epochs));
  await time('js', Math.min(5, config.epochs));
  const wasm = await time('wasm', config.epochs);
  const js = await time('js', config.epochs);
  post({ type: 'race', wasmBackend: wasm.backend, wasmMs: wasm.ms, jsMs: js.ms });
}
