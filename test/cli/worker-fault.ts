// A `node --import` module for tests: makes the CLI's worker threads fail the way
// WASMLP_TEST_WORKER_FAULT says, without any hook in the CLI itself. It runs in every thread
// (workers inherit --import) and acts only in worker threads: 'throw' raises an uncaught
// error, 'exit' ends the thread quietly with process.exit, 'oom' fills the thread's heap.
import { isMainThread } from 'node:worker_threads';

const fault = process.env.WASMLP_TEST_WORKER_FAULT;
if (!isMainThread && fault) {
  setTimeout(() => {
    if (fault === 'throw') throw new Error('injected crash');
    if (fault === 'exit') process.exit(3);
    if (fault === 'oom') {
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 1e6 }, (_, i) => i + 0.5));
    }
  }, 0);
}
