// The CLI: a worker thread that trains the runs it is sent and posts back their results.
// It starts before the experiment is known (TrainingThreads), and is told it once: the data,
// the settings and the kernels the main thread compiled, so no thread compiles them again.
import { parentPort } from 'node:worker_threads';
import { FoldData } from '../experiments/run-inputs.js';
import type { Backend } from '../backends/backend.js';
import { backendOf } from '../node/backends.js';
import { trainRun, type FromThread, type ThreadSetup, type ToThread } from './pool.js';

let ready: Promise<{ setup: ThreadSetup; backend: Backend; folds: FoldData }> | undefined;
// Runs are trained one after another, in the order they come.
let queue: Promise<void> = Promise.resolve();
let started = 0;

const reply = (message: FromThread): void => parentPort?.postMessage(message);

parentPort?.on('message', (message: ToThread) => {
  if ('setup' in message) {
    const { setup } = message;
    // Each (seed, fold) is prepared once in this thread and shared by every set's run of it.
    ready = backendOf(setup.kernels).then((backend) => ({ setup, backend, folds: new FoldData(setup.dataset, setup.config, backend) }));
    return;
  }
  const job = message.run;
  queue = queue.then(async () => {
    try {
      if (!ready) throw new Error('a run came before the setup');
      const { setup, backend, folds } = await ready;
      // Interrupted: a run that waited here is not started, but every thread's first is, as
      // the pool promises at least one run to report.
      if (setup.stop && Atomics.load(setup.stop, 0) === 1 && started > 0) return reply({ index: job.index, skipped: true });
      started++;
      const { data, init } = await folds.get(job.seed, job.fold);
      reply({ index: job.index, result: await trainRun(data, setup.config, setup.config.sets[job.setIndex], job.seed, backend, job.fold, init, setup.stop) });
    } catch (error) {
      // The error's name goes along, so that bad input (a RangeError) keeps exit status 2 in the parent.
      reply({ index: job.index, error: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : undefined });
    }
  });
});
