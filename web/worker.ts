// A training worker: builds the runs of the grid the coordinator deals it (web/coordinator.ts),
// then trains one epoch of each whenever the coordinator says, applying changes of set
// first, and streams each epoch's figures back. Also runs the WASM-vs-JS race.
import { ExperimentRun, experimentJobs, initModelShape, layerSizes, prepareData } from '../src/experiments/experiment.js';
import { parseTrainSets } from '../src/experiments/train-sets.js';
import { FoldData, warmUpData } from '../src/experiments/run-inputs.js';
import { experimentResults } from '../src/experiments/results.js';
import { browserBackend } from './backends.js';
import { warmUp } from '../src/experiments/warmup.js';
import { plural } from '../src/units.js';
import { configOf } from './run-config.js';
import type { EpochUpdate, FromWorker, RaceReport, RunRequest, ToWorker } from './protocol.js';

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, { transfer });

/** This worker's runs: their indices in the grid's jobs, and the set each job belongs to. */
let mine: { runs: ExperimentRun[]; indices: number[]; setOf: number[]; layers: number } | null = null;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const work = message.type === 'prepare' ? prepare(message.request, message.runs)
    : message.type === 'epoch' ? epoch(message.toggles)
      : message.type === 'finish' ? finish(message.stopped)
        : race(message);
  work.catch((error: unknown) => {
    mine = null;
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
};

async function prepare(request: RunRequest, indices: number[]): Promise<void> {
  for (const run of mine?.runs ?? []) run.model.dispose();
  mine = null;
  const whole = prepareData(request.dataset, 0, request.seed);
  const shape = request.init ? initModelShape(request.init.artifacts, whole) : undefined;
  const config = configOf(request);
  const sizes = layerSizes(whole, config.hidden);
  const backend = await browserBackend(request.backend);
  post({ type: 'preparing', what: 'compiling and warming up the kernels' });
  // Before any run is timed: the runs step in lockstep, so without it the first epochs of every run would share it.
  const warmed = await warmUp(warmUpData(request.dataset, config), config, backend);
  const inputs = new FoldData(request.dataset, config, backend);
  const jobs = experimentJobs(config);
  if (config.transfer?.pretrainEpochs) {
    post({ type: 'preparing', what: `pretraining every layer for ${plural(config.transfer.pretrainEpochs, 'epoch')}, once per seed and fold` });
  }
  const runs: ExperimentRun[] = [];
  for (const index of indices) {
    const job = jobs[index];
    const { data, init } = await inputs.get(job.seed, job.fold);
    runs.push(new ExperimentRun(data, config, config.sets[job.setIndex], job.seed, backend, job.fold, init));
  }
  mine = { runs, indices, setOf: indices.map((index) => jobs[index].setIndex), layers: sizes.length - 1 };
  const data = (await inputs.get(config.seeds[0], 1)).data;
  const initLabel = request.init && shape ? { label: request.init.label, activations: shape.activations } : null;
  post({
    type: 'ready', backend: backend.name, sizes, trainRows: data.trainRows, heldOutRows: data.validationRows, warmupMs: warmed.ms,
    shell: experimentResults(data, sizes, backend.name, config, [], initLabel, undefined),
  });
}

async function epoch(toggles: { setIndex: number; train: string }[]): Promise<void> {
  if (!mine) throw new Error('no runs to train: the coordinator sent an epoch before preparing');
  const { runs, indices, setOf, layers } = mine;
  for (const toggle of toggles) {
    const [set] = parseTrainSets(toggle.train, layers);
    runs.forEach((run, i) => { if (setOf[i] === toggle.setIndex) run.changeSet(set); });
  }
  const updates: EpochUpdate[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (run.finished) continue;
    await run.step();
    const r = run.result;
    const last = r.loss.length - 1;
    updates.push({
      run: indices[i], loss: r.loss[last], accuracy: r.accuracy[last], valLoss: r.valLoss?.[last], valAccuracy: r.valAccuracy?.[last],
      gradNorm: r.gradNorm[last], weightHash: run.model.layers.map((layer) => hashWeights(layer.getWeights())), diverged: r.divergedAt !== undefined,
    });
  }
  post({ type: 'epoch', runs: updates, trainingMs: runs.reduce((sum, run) => sum + run.result.ms, 0) });
}

async function finish(stopped: boolean): Promise<void> {
  if (!mine) throw new Error('no runs to finish');
  const { runs } = mine;
  mine = null;
  for (const run of runs) if (stopped && !run.finished) run.result.interrupted = true;
  // Each run's final model, for the page's download.
  const models = runs.map((run) => run.model.toArtifacts());
  for (const run of runs) run.model.dispose();
  post({ type: 'finished', runs: runs.map((run) => run.result), models }, models.map((model) => model.weightData as ArrayBuffer));
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
  const config = { ...configOf({ ...request, init: undefined, pretrain: undefined, shift: undefined, targetFraction: undefined }), seeds: [request.seed] };
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
