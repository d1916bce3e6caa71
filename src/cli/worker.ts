// The CLI: a worker thread that trains runs and posts back their results. It starts before
// the experiment is known (TrainingThreads) and is then told it once: the data, the settings,
// the kernels the main thread compiled (so no thread compiles them again) and the shared queue
// it takes its runs from (job-queue.ts), without waiting for the main thread between runs.
import { parentPort } from 'node:worker_threads';
import { FoldData } from '../experiments/run-inputs.js';
import { backendOf } from '../node/backends.js';
import { JobTaker } from './job-queue.js';
import { trainRun, type FromThread, type ThreadSetup } from './pool.js';

const reply = (message: FromThread): void => parentPort?.postMessage(message);

async function train(setup: ThreadSetup): Promise<void> {
  const { config, jobs, stop } = setup;
  const backend = await backendOf(setup.kernels);
  // Each (seed, fold) is prepared once in this thread and shared by every set's run of it.
  const folds = new FoldData(setup.dataset, config, backend);
  const queue = new JobTaker(setup.queue);
  // Interrupted, a thread takes no other run, but its first is always taken, as the pool
  // promises at least one run to report.
  for (let started = 0; !(stop && Atomics.load(stop, 0) === 1 && started > 0); started++) {
    const index = queue.next();
    if (index === undefined) break;
    const { setIndex, seed, fold } = jobs[index];
    try {
      const { data, init } = await folds.get(seed, fold);
      reply({ index, result: await trainRun(data, config, config.sets[setIndex], seed, backend, fold, init, stop) });
    } catch (error) {
      // The error's name goes along, so that bad input (a RangeError) keeps exit status 2 in the parent.
      reply({ index, error: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : undefined });
      return;
    }
  }
  reply({ finished: true });
}

// One setup per thread. The listener stays, so the thread lives on once it has finished its
// runs, until the pool ends it (a thread that ends by itself is a failure to the pool).
let told = false;
parentPort?.on('message', (setup: ThreadSetup) => {
  if (told) return;
  told = true;
  train(setup).catch((error: unknown) => reply({ index: -1, error: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : undefined }));
});
