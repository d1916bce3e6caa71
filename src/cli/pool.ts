// The CLI: spreads an experiment's runs over worker threads. Each run depends
// only on its set and seed, so the results are the bits a serial run gives.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { FoldData, experimentJobs, runOne, warmUpData, type ExperimentConfig, type ExperimentJob, type RunResult } from '../experiments/experiment.js';
import type { Dataset } from '../data/csv.js';
import { loadBackend, type BackendName } from '../node/backends.js';
import { warmUp, type WarmUp } from '../experiments/warmup.js';

/** What a caller may observe of the threads: each one's warm-up, and each run as it is handed to a thread. */
export interface PoolEvents {
  onWarmUp?(thread: number, warmUp: WarmUp): void;
  onRunStart?(thread: number, index: number): void;
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
 * A worker's error as the parent throws it: a RangeError or DataError (bad input, such as a
 * network too large for memory) becomes a RangeError, so the CLI still ends with exit status 2 and one line.
 */
export function workerError(message: string, name: string | undefined): Error {
  return name === 'RangeError' || name === 'DataError' ? new RangeError(message) : new Error(message);
}

/**
 * Runs the given jobs (every (set, seed, fold) of the experiment by default) on `workers`
 * threads (1: in this thread); results in job order. Each thread warms up (warmup.ts)
 * before it is given a run.
 */
export async function runExperiment(
  dataset: Dataset, config: ExperimentConfig, backendName: BackendName, workers: number,
  onResult: (result: RunResult, done: number, total: number) => void = () => {},
  jobs: readonly ExperimentJob[] = experimentJobs(config),
  events: PoolEvents = {},
): Promise<RunResult[]> {
  const results: RunResult[] = new Array(jobs.length);
  if (workers <= 1 || jobs.length <= 1) {
    const backend = await loadBackend(backendName);
    const folds = new FoldData(dataset, config, backend);
    events.onWarmUp?.(0, await warmUp(warmUpData(dataset, config), config, backend));
    for (let i = 0; i < jobs.length; i++) {
      const { setIndex, seed, fold } = jobs[i];
      events.onRunStart?.(0, i);
      const { data, init } = await folds.get(seed, fold);
      results[i] = await runOne(data, config, config.sets[setIndex], seed, backend, fold, init);
      onResult(results[i], i + 1, jobs.length);
    }
    return results;
  }
  let next = 0;
  let done = 0;
  const threads: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker, thread: number): void => {
        if (next >= jobs.length) return;
        const index = next++;
        events.onRunStart?.(thread, index);
        worker.postMessage({ index, ...jobs[index] });
      };
      for (let t = 0; t < Math.min(workers, jobs.length); t++) {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { dataset, config, backend: backendName } });
        threads.push(worker);
        worker.on('error', reject);
        // A worker says it is ready once it has warmed up; only then is it given runs.
        worker.on('message', (message: { ready?: WarmUp; index?: number; result?: RunResult; error?: string; name?: string }) => {
          if (message.error !== undefined) return reject(workerError(message.error, message.name));
          if (message.ready) events.onWarmUp?.(t, message.ready);
          if (message.result && message.index !== undefined) {
            results[message.index] = message.result;
            done++;
            onResult(message.result, done, jobs.length);
            if (done === jobs.length) return resolve();
          }
          feed(worker, t);
        });
      }
    });
  } finally {
    await Promise.all(threads.map((worker) => worker.terminate()));
  }
  return results;
}
