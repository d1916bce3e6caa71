// The CLI: a worker thread that trains runs and posts back their results. It starts before
// the experiment is known (TrainingThreads) and is then told it once: the data, the settings,
// the kernels the main thread compiled (so no thread compiles them again) and the shared queue
// it takes its runs from (job-queue.ts), without waiting for the main thread between runs.
import { parentPort } from 'node:worker_threads';
import { backendOf } from '../node/backends.js';
import { trainFromQueue, type FromThread, type ThreadSetup } from './pool.js';

const reply = (message: FromThread): void => parentPort?.postMessage(message);

// One setup per thread. The listener stays, so the thread lives on once it has finished its
// runs, until the pool ends it (a thread that ends by itself is a failure to the pool).
let told = false;
parentPort?.on('message', (setup: ThreadSetup) => {
  if (told) return;
  told = true;
  backendOf(setup.kernels).then((backend) => trainFromQueue(setup, backend, reply)).catch(
    (error: unknown) => reply({ index: -1, error: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : undefined }),
  );
});
