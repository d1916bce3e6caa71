// The CLI: spreads an experiment's runs over worker threads. Each run depends
// only on its set and seed, so the results are the bits a serial run gives.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ExperimentRun, experimentJobs, type ExperimentConfig, type ExperimentJob, type PreparedData, type RunResult } from '../experiments/experiment.js';
import { FoldData, warmUpData } from '../experiments/run-inputs.js';
import type { Dataset } from '../data/csv.js';
import type { TrainSet } from '../experiments/train-sets.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import type { Backend } from '../backends/backend.js';
import { loadBackend, type BackendName } from '../node/backends.js';
import { warmUp, type WarmUp } from '../experiments/warmup.js';

/**
 * A request to stop an experiment early (the CLI's Ctrl-C), shared with the worker threads
 * through a SharedArrayBuffer so that a busy thread sees it between two epochs.
 */
export class Interrupt {
  /** 1 once stopping is requested; read by every thread between epochs. */
  readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly listeners = new Set<() => unknown>();

  get requested(): boolean {
    return Atomics.load(this.flag, 0) === 1;
  }

  request(): void {
    Atomics.store(this.flag, 0, 1);
    for (const listener of this.listeners) listener();
  }

  onRequest(listener: () => unknown): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** What a caller may observe of the threads: each one's warm-up, and each run as it is handed to a thread. */
export interface PoolEvents {
  onWarmUp?(thread: number, warmUp: WarmUp): void;
  onRunStart?(thread: number, index: number): void;
  /**
   * Stops the experiment when requested: each run in progress ends after its current epoch
   * and comes back marked `interrupted` with the epochs done; runs not yet started are left
   * out (one run is always started, so there is at least one epoch to report).
   */
  interrupt?: Interrupt;
}

/**
 * How many threads to use by default: one per core, no more than there are runs,
 * and one when the whole experiment is too short to repay starting workers (about
 * 0.2 s here). `multiplyAdds` estimates the work: measured on the founding network,
 * wasm does about 8e9 a second on one core and js a tenth of that.
 */
export function defaultWorkers(jobs: number, multiplyAdds: number, backend: BackendName): number {
  const seconds = multiplyAdds / (backend === 'js' ? 8e8 : 8e9);
  if (seconds < 0.5) return 1;
  return Math.max(1, Math.min(jobs, availableParallelism()));
}

/**
 * Trains one run an epoch at a time (as runOne does), stopping after the epoch in progress
 * once `stop` (an Interrupt's flag) is set. On the main thread it yields to the event loop
 * every 50 ms, so that a signal handler can run.
 */
export async function trainRun(
  data: PreparedData, config: ExperimentConfig, set: TrainSet, seed: number, backend: Backend, fold: number,
  init: ModelArtifacts | undefined, stop?: Int32Array,
): Promise<RunResult> {
  const run = new ExperimentRun(data, config, set, seed, backend, fold, init);
  let yielded = performance.now();
  try {
    while (!run.finished) {
      await run.step();
      if (stop && performance.now() - yielded > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
      if (stop && Atomics.load(stop, 0) === 1 && !run.finished) {
        run.result.interrupted = true;
        break;
      }
    }
    if (config.keepModels && !run.result.interrupted) run.result.model = run.model.toArtifacts();
  } finally {
    run.model.dispose();
  }
  return run.result;
}

/**
 * A worker's error as the parent throws it: a RangeError or DataError (bad input, such as a
 * network too large for memory) becomes a RangeError, so the CLI still ends with exit status 2 and one line.
 */
export function workerError(message: string, name: string | undefined): Error {
  return name === 'RangeError' || name === 'DataError' ? new RangeError(message) : new Error(message);
}

/**
 * Runs the given jobs (every (set, seed, fold) of the experiment by default) on `workers`
 * threads (1: in this thread); results in job order. Each thread warms up (warmup.ts)
 * before it is given a run. A thread that fails or stops ends it with an error naming the
 * thread. When events.interrupt is requested, resolves with the runs started, in job order.
 */
export async function runExperiment(
  dataset: Dataset, config: ExperimentConfig, backendName: BackendName, workers: number,
  onResult: (result: RunResult, done: number, total: number) => void = () => {},
  jobs: readonly ExperimentJob[] = experimentJobs(config),
  events: PoolEvents = {},
): Promise<RunResult[]> {
  const results: RunResult[] = new Array(jobs.length);
  const interrupt = events.interrupt;
  const started = (): RunResult[] => results.filter((result) => result !== undefined);
  if (workers <= 1 || jobs.length <= 1) {
    const backend = await loadBackend(backendName);
    const folds = new FoldData(dataset, config, backend);
    events.onWarmUp?.(0, await warmUp(warmUpData(dataset, config), config, backend));
    for (let i = 0; i < jobs.length; i++) {
      if (i > 0 && interrupt?.requested) break;
      const { setIndex, seed, fold } = jobs[i];
      events.onRunStart?.(0, i);
      const { data, init } = await folds.get(seed, fold);
      results[i] = await trainRun(data, config, config.sets[setIndex], seed, backend, fold, init, interrupt?.flag);
      onResult(results[i], i + 1, jobs.length);
    }
    return started();
  }
  let next = 0;
  let done = 0;
  let inFlight = 0;
  const threads: Worker[] = [];
  let stopListening = (): void => {};
  try {
    await new Promise<void>((resolve, reject) => {
      // Once interrupted, the experiment ends when no run is in progress and one has come back.
      const settledByInterrupt = (): boolean => {
        if (!interrupt?.requested || inFlight > 0 || done === 0) return false;
        resolve();
        return true;
      };
      stopListening = interrupt?.onRequest(settledByInterrupt) ?? stopListening;
      const feed = (worker: Worker, thread: number): void => {
        if (next >= jobs.length) return;
        if (interrupt?.requested && (done > 0 || inFlight > 0)) return;
        const index = next++;
        inFlight++;
        events.onRunStart?.(thread, index);
        worker.postMessage({ index, ...jobs[index] });
      };
      for (let t = 0; t < Math.min(workers, jobs.length); t++) {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { dataset, config, backend: backendName, stop: interrupt?.flag } });
        threads.push(worker);
        worker.on('error', (error: Error) => reject(new Error(`training thread ${t + 1} failed: ${error.message}`)));
        // A thread that ends without an error (process.exit in it, or killed) must not leave the pool waiting.
        worker.on('exit', (code) => reject(new Error(`training thread ${t + 1} stopped (exit code ${code}) before its runs were done`)));
        // A worker says it is ready once it has warmed up; only then is it given runs.
        worker.on('message', (message: { ready?: WarmUp; index?: number; result?: RunResult; error?: string; name?: string }) => {
          if (message.error !== undefined) return reject(workerError(message.error, message.name));
          if (message.ready) events.onWarmUp?.(t, message.ready);
          if (message.result && message.index !== undefined) {
            results[message.index] = message.result;
            done++;
            inFlight--;
            onResult(message.result, done, jobs.length);
            if (done === jobs.length || settledByInterrupt()) return resolve();
          }
          feed(worker, t);
        });
      }
    });
  } finally {
    stopListening();
    await Promise.all(threads.map((worker) => worker.terminate()));
  }
  return interrupt?.requested ? started() : results;
}
