// The CLI: a worker thread that trains the runs it is sent and posts back their results.
import { parentPort, workerData } from 'node:worker_threads';
import { runOne, type ExperimentConfig, type PreparedData } from '../experiments/experiment.js';
import { loadBackend, type BackendName } from '../node/backends.js';
import { warmUp } from '../experiments/warmup.js';

interface Setup { data: PreparedData; config: ExperimentConfig; backend: BackendName }

const setup = workerData as Setup;
const backend = await loadBackend(setup.backend);
// Runs come only after the ready message, so none is timed before the warm-up is done.
const warmed = await warmUp(setup.data, setup.config, backend);
parentPort?.on('message', (job: { index: number; setIndex: number; seed: number }) => {
  runOne(setup.data, setup.config, setup.config.sets[job.setIndex], job.seed, backend).then(
    (result) => parentPort?.postMessage({ index: job.index, result }),
    (error: unknown) => parentPort?.postMessage({ index: job.index, error: error instanceof Error ? error.message : String(error) }),
  );
});
parentPort?.postMessage({ ready: warmed });
