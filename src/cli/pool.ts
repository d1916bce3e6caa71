// The CLI: spreads an experiment's runs over the main thread and worker threads. Each run
// depends only on its set, seed and fold, so the results are the bits a serial run gives.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ExperimentRun, experimentJobs, type ExperimentConfig, type ExperimentJob, type PreparedData, type RunResult } from '../experiments/experiment.js';
import { FoldData } from '../experiments/run-inputs.js';
import type { Dataset } from '../data/csv.js';
import type { TrainSet } from '../experiments/train-sets.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import type { Backend } from '../backends/backend.js';
import { backendOf, loadKernels, type BackendName, type Kernels } from '../node/backends.js';
import { JobTaker, sharedJobs, type SharedJobs } from './job-queue.js';

/**
 * A request to stop an experiment early (the CLI's Ctrl-C): a flag in shared memory that a
 * training thread reads between two epochs (a pool of threads sets its own stop flag from it).
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

/** How a caller runs the pool. */
export interface PoolOptions {
  /**
   * Stops the experiment when requested: each run in progress ends after its current epoch
   * and comes back marked `interrupted` with the epochs done; runs not yet started are left
   * out (one run is always started, so there is at least one epoch to report).
   */
  interrupt?: Interrupt;
  /** Worker threads started earlier (for n threads, n - 1 of them), used instead of new ones; closed when the pool ends. */
  threads?: TrainingThreads;
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
 * once `stop` (an Interrupt's or a pool's flag) is set. With `stop` it yields to the event
 * loop every 50 ms, so that a signal handler, and on a pool's main thread the workers'
 * messages, can run.
 */
export async function trainRun(
  data: PreparedData, config: ExperimentConfig, set: TrainSet, seed: number, backend: Backend, fold: number,
  init: ModelArtifacts | undefined, stop?: Int32Array,
): Promise<RunResult> {
  const run = new ExperimentRun(data, config, set, seed, backend, fold, init);
  let yielded = performance.now();
  try {
    // One fit for the whole run (its rows staged once); between epochs, a yield now and then and a look at the flag.
    await run.trainToEnd(stop && (async () => {
      if (performance.now() - yielded > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
      if (Atomics.load(stop, 0) === 1 && !run.finished) {
        run.result.interrupted = true;
        return true;
      }
      return false;
    }));
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
 * What a training thread is told once: the data, the settings, the kernels, the jobs and the
 * shared queue it takes them from, and the flag that stops it (`stop`: set when the experiment
 * is interrupted or a thread has failed).
 */
export interface ThreadSetup { dataset: Dataset; config: ExperimentConfig; kernels: Kernels; jobs: readonly ExperimentJob[]; queue: SharedJobs; stop: Int32Array }

/**
 * A training thread's messages: each run's result (by its index among the jobs) or an error,
 * and `finished` once it takes no more runs (none left, or stopped).
 */
export type FromThread = { index: number; result: RunResult } | { index: number; error: string; name?: string } | { finished: true };

/**
 * Trains runs taken from the shared queue (job-queue.ts) until none is left or `stop` is set,
 * reporting each result; every training thread does this, the main one included. Stopped, a
 * thread ends its run after the epoch and takes no other, but its first run is always taken,
 * so that an interrupted experiment has something to report.
 */
export async function trainFromQueue(setup: ThreadSetup, backend: Backend, report: (message: FromThread) => void): Promise<void> {
  const { config, jobs, stop } = setup;
  // Each (seed, fold) is prepared once in a thread and shared by every set's run of it.
  const folds = new FoldData(setup.dataset, config, backend);
  const queue = new JobTaker(setup.queue);
  for (let started = 0; !(Atomics.load(stop, 0) === 1 && started > 0); started++) {
    const index = queue.next();
    if (index === undefined) break;
    const { setIndex, seed, fold } = jobs[index];
    try {
      const { data, init } = await folds.get(seed, fold);
      report({ index, result: await trainRun(data, config, config.sets[setIndex], seed, backend, fold, init, stop) });
    } catch (error) {
      // The error's name goes along, so that bad input (a RangeError) keeps exit status 2.
      report({ index, error: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : undefined });
      return;
    }
  }
  report({ finished: true });
}

/**
 * The worker threads of a pool, started before the experiment is ready for them: a thread's
 * start-up (a Node environment and the CLI's modules, some 30-100 ms) then overlaps the main
 * thread's reading of the data and compiling of the kernels. Until `run` they are unref'd, so
 * a command refused in the meantime exits without waiting for them. One experiment each.
 * The main thread trains too: a pool of n threads is it and n - 1 workers.
 */
export class TrainingThreads {
  private readonly workers: Worker[];
  private failure: Error | undefined;
  private onFailure: ((error: Error) => void) | undefined;
  private closing = false;

  /** Starts `count` worker threads, numbered from 2 in messages (the main thread is 1). */
  constructor(count: number) {
    this.workers = Array.from({ length: count }, (_, w) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url));
      worker.unref();
      worker.on('error', (error: Error) => this.fail(new Error(`training thread ${w + 2} failed: ${error.message}`)));
      // A thread that ends without an error (process.exit in it, or killed) must not leave the pool waiting.
      worker.on('exit', (code) => this.fail(new Error(`training thread ${w + 2} stopped (exit code ${code}) before its runs were done`)));
      return worker;
    });
  }

  /**
   * Runs the jobs on the main thread and these workers, which all take them from a shared
   * queue; results in job order. When `interrupt` is requested, resolves with the runs
   * started, in job order. A failing thread stops every other and rejects.
   */
  async run(
    setup: { dataset: Dataset; config: ExperimentConfig; kernels: Kernels }, jobs: readonly ExperimentJob[],
    onResult: (result: RunResult, done: number, total: number) => void, interrupt?: Interrupt,
  ): Promise<RunResult[]> {
    const results: RunResult[] = new Array(jobs.length);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const halt = (): void => {
      Atomics.store(stop, 0, 1);
    };
    const stopListening = interrupt?.onRequest(halt) ?? ((): void => {});
    if (interrupt?.requested) halt();
    const shared: ThreadSetup = { ...setup, jobs, queue: sharedJobs(jobs), stop };
    let done = 0;
    let finished = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        const failed = (error: Error): void => {
          halt();
          reject(error);
        };
        if (this.failure) return failed(this.failure);
        this.onFailure = failed;
        const receive = (message: FromThread): void => {
          if ('error' in message) return failed(workerError(message.error, message.name));
          if ('finished' in message) {
            if (++finished === this.workers.length + 1) resolve();
            return;
          }
          results[message.index] = message.result;
          onResult(message.result, ++done, jobs.length);
        };
        for (const worker of this.workers) {
          worker.ref();
          worker.on('message', receive);
          worker.postMessage(shared);
        }
        backendOf(setup.kernels).then((backend) => trainFromQueue(shared, backend, receive)).catch((error: Error) => failed(error));
      });
    } finally {
      stopListening();
    }
    if (interrupt?.requested) return results.filter((result) => result !== undefined);
    if (done !== jobs.length) throw new Error(`the training threads finished with ${done} of ${jobs.length} runs done`);
    return results;
  }

  /** Ends every worker thread. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    if (this.closing) return;
    this.failure ??= error;
    this.onFailure?.(error);
  }
}

/**
 * Runs the given jobs (every (set, seed, fold) of the experiment by default) on `workers`
 * threads (1: in this thread alone; n: this one and n - 1 workers); results in job order.
 * `kernels` are the loaded kernels, or the name of the backend to load. A thread that fails or
 * stops ends it with an error naming the thread. When options.interrupt is requested,
 * resolves with the runs started, in job order.
 */
export async function runExperiment(
  dataset: Dataset, config: ExperimentConfig, kernels: Kernels | BackendName, workers: number,
  onResult: (result: RunResult, done: number, total: number) => void = () => {},
  jobs: readonly ExperimentJob[] = experimentJobs(config),
  options: PoolOptions = {},
): Promise<RunResult[]> {
  const loaded = typeof kernels === 'string' ? await loadKernels(kernels) : kernels;
  const interrupt = options.interrupt;
  if (workers <= 1 || jobs.length <= 1) {
    await options.threads?.close();
    const backend = await backendOf(loaded);
    const folds = new FoldData(dataset, config, backend);
    const results: RunResult[] = [];
    for (let i = 0; i < jobs.length; i++) {
      if (i > 0 && interrupt?.requested) break;
      const { setIndex, seed, fold } = jobs[i];
      const { data, init } = await folds.get(seed, fold);
      results.push(await trainRun(data, config, config.sets[setIndex], seed, backend, fold, init, interrupt?.flag));
      onResult(results[i], i + 1, jobs.length);
    }
    return results;
  }
  const threads = options.threads ?? new TrainingThreads(Math.min(workers, jobs.length) - 1);
  try {
    return await threads.run({ dataset, config, kernels: loaded }, jobs, onResult, interrupt);
  } finally {
    await threads.close();
  }
}
