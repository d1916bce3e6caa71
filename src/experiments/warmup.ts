// The warm-up, as the page runs it: before the timed runs, a thread trains every trainable set
// briefly on a throwaway model. The first training in a process is slow for reasons that have
// nothing to do with the set: V8 compiles each wasm kernel with its baseline compiler (Liftoff)
// on first call, and only after a function has run a while does it optimise it (TurboFan, on
// background threads), and the host's JavaScript is optimised the same way. Measured on iris
// (16,8 hidden, 100 epochs), the first run of a process took 25-45 ms against 7-9 ms for either
// set once warm, whichever set came first; the optimising compiler's own trace
// (`node --trace-wasm-compilation-times`) shows some 60 ms of TurboFan work on ten kernel
// functions during that first run, and two more functions optimised during the second set's
// first run (code only that set reaches). So the warm-up trains every set, not only the
// first, and each run's `ms` then measures training alone.
//
// The CLI has none: it compiles the kernels optimised up front (bin/wasmlp.js sets V8's flags
// for that, which a page cannot), which brought a fresh process's first run of breast-cancer
// from 1.7-2.1 times a warm run to 1.2-1.3 times (what is left is V8 optimising the host's
// JavaScript), so a warm-up (50-60 ms) would only add its own time to the command's.
import { ExperimentRun, layerSizes, type ExperimentConfig, type PreparedData } from './experiment.js';
import { parameterCount } from './results.js';
import type { Backend } from '../backends/backend.js';

/** What one thread's warm-up did. */
export interface WarmUp {
  /** Wall time of the warm-up, in milliseconds. */
  ms: number;
  /** The sets it trained, in the order it trained them: every set of the experiment. */
  sets: string[];
  /** Epochs per set and round, and the rows it trained on. */
  epochs: number;
  rows: number;
}

/**
 * Work per set, in rows x parameters per epoch summed over the warm-up's epochs. Tiering up
 * in V8 follows the work a function has done, so the warm-up is sized by work: 1e7 is about
 * three times what iris (150 rows x 243 parameters) needed before its runs stopped depending
 * on their order, and a few milliseconds of training once optimised.
 */
export const WARMUP_WORK = 1e7;
/** The rows the warm-up trains on at most (fewer epochs of more rows would do the same work). */
const WARMUP_ROWS = 256;
const MAX_EPOCHS = 400;
/** Rounds over the sets: optimised code compiled during the first is in use by the second. */
const ROUNDS = 2;

/** How the warm-up trains: on `rows` of the training rows, `epochs` epochs per set and round. */
export function warmUpPlan(data: PreparedData, config: ExperimentConfig, parameters: number): { rows: number; epochs: number } {
  const rows = Math.min(data.trainRows, Math.max(WARMUP_ROWS, 2 * config.batchSize));
  const epochs = Math.min(MAX_EPOCHS, Math.max(1, Math.ceil(WARMUP_WORK / ROUNDS / (rows * Math.max(1, parameters)))));
  return { rows, epochs };
}

/**
 * Trains every set of the experiment on a throwaway model (the experiment's network, its
 * first seed, a slice of its rows) so that the runs timed afterwards carry none of the
 * runtime's one-off work. Touches nothing a run depends on: each run builds its own model
 * from its own seed, so results are the same bits with or without a warm-up.
 */
export async function warmUp(data: PreparedData, config: ExperimentConfig, backend: Backend): Promise<WarmUp> {
  const started = performance.now();
  const parameters = parameterCount(layerSizes(data, config.hidden));
  const { rows, epochs } = warmUpPlan(data, config, parameters);
  const f = data.features;
  const validation = Math.min(data.validationRows, rows);
  const slice: PreparedData = {
    ...data, trainRows: rows, validationRows: validation,
    trainX: data.trainX.subarray(0, rows * f), trainY: data.trainY.subarray(0, rows),
    validationX: data.validationX.subarray(0, validation * f), validationY: data.validationY.subarray(0, validation),
  };
  const warmConfig: ExperimentConfig = { ...config, epochs, keepModels: false };
  for (let round = 0; round < ROUNDS; round++) {
    for (const set of config.sets) {
      const run = new ExperimentRun(slice, warmConfig, set, config.seeds[0], backend);
      try {
        while (!run.finished) await run.step();
      } finally {
        run.model.dispose();
      }
    }
  }
  return { ms: performance.now() - started, sets: config.sets.map((set) => set.name), epochs, rows };
}
