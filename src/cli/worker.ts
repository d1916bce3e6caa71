// The CLI: a worker thread that trains the runs it is sent and posts back their results.
import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentConfig, ExperimentJob } from '../experiments/experiment.js';
import { FoldData, warmUpData } from '../experiments/run-inputs.js';
import type { Dataset } from '../data/csv.js';
import { loadBackend, type BackendName } from '../node/backends.js';
import { warmUp } from '../experiments/warmup.js';
import { trainRun } from './pool.js';

/** `stop` is the pool's Interrupt flag: set, the run in progress ends after its epoch. */
interface Setup { dataset: Dataset; config: ExperimentConfig; backend: BackendName; stop?: Int32Array }

const setup = workerData as Setup;
const backend = await loadBackend(setup.backend);
// Each (seed, fold) is prepared once in this thread and shared by every set's run of it.
const folds = new FoldData(setup.dataset, setup.config, backend);
// Runs come only after the ready message, so none is timed before the warm-up is done.
const warmed = await warmUp(warmUpData(setup.dataset, setup.config), setup.config, backend);
parentPort?.on('message', (job: ExperimentJob & { index: number }) => {
  folds.get(job.seed, job.fold).then(({ data, init }) => trainRun(data, setup.config, setup.config.sets[job.setIndex], job.seed, backend, job.fold, init, setup.stop)).then(
    (result) => parentPort?.postMessage({ index: job.index, result }),
    // The error's name goes along, so that bad input (a RangeError) keeps exit status 2 in the parent.
    (error: unknown) => parentPort?.postMessage({ index: job.index, error: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : undefined }),
  );
});
parentPort?.postMessage({ ready: warmed });
