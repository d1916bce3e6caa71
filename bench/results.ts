// The benchmark's results as data: the shape of bench/results/*.json, documented field by
// field in bench/README.md. Fields may be added in a later version of the same schema; none
// is renamed, removed or given another meaning without a new schema version.

export const SCHEMA = { name: 'wasmlp-bench', version: 1 } as const;

export interface Measurement {
  /** Display name with version and details, e.g. 'TF.js 4.22.0 wasm (SIMD, single-threaded)'. */
  engine: string;
  /** The --engines name: wasm, relaxed, js, tfjs-wasm, tfjs-cpu, pytorch. */
  engineId: string;
  workload: string;
  runsMs: number[];
  medianMs: number;
  gflops: number;
  /** GFLOP/s as a percentage of the plain-SIMD peak measured at the start of the run. */
  percentOfPeak: number;
  samplesPerSecond: number;
}

/** How many times longer an engine took than wasmlp's wasm engine. */
export interface Ratio {
  engine: string;
  engineId: string;
  workload: string;
  value: number;
  /** 'paired': median of rounds, each run right after a wasm run; 'bracketed': the engine's median over the median of wasm runs just before and after. */
  pairing: 'paired' | 'bracketed';
}

/** One engine trained W1 in fresh processes: medians over the processes, and each process. */
export interface ColdEngine {
  engine: string;
  /** The --engines name, or `wasm-cli`: wasm with the `wasmlp` command's V8 flags (Cold.cliV8Flags). */
  engineId: string;
  /** Milliseconds from spawn() to the first model trained. */
  toFirstModelMs: number;
  /** Milliseconds from spawn() to both models trained: the process's wall time to trained. */
  toTrainedMs: number;
  /** Training time of the first model in the fresh process. */
  firstModelMs: number;
  /** Training time of the same model once warm (later in the same process). */
  warmModelMs: number;
  /** Median over processes of firstModelMs / warmModelMs. */
  firstToWarm: number;
  processes: {
    toFirstModelMs: number; toTrainedMs: number; firstModelMs: number; secondModelMs: number; warmMs: number[];
    /** Inside the process: its start to the engine and data ready (Node), or importing torch (python). */
    loadMs: number | null;
  }[];
}

/** A fresh `wasmlp` command, run as a user runs it. */
export interface ColdCommand {
  id: 'experiment-json' | 'npm-start';
  command: string;
  /** Training runs in one command (sets x seeds x folds). */
  runs: number;
  /** Medians over the processes: spawn() to exit; the sum of runs[].ms of the results JSON; its warmupMs. */
  wallMs: number;
  trainingMs: number;
  warmupMs: number | null;
  processes: { wallMs: number; trainingMs: number; warmupMs: number | null }[];
}

export interface Cold {
  workload: 'W1';
  /** Fresh processes per engine and per command (a round runs each once, in turn). */
  processes: number;
  /**
   * The runtimes alone: spawn() to exit of a script that does nothing, median; `npm` is
   * `npm --version` (npm's own start, which `npm start` adds before the command), null when
   * the commands were not timed or no npm was found.
   */
  runtimeAloneMs: { node: number; python: number | null; npm?: number | null };
  /** The V8 flags the `wasmlp` command sets (bin/v8-flags.js), which the `wasm-cli` processes set first; null when wasm was not timed cold. */
  cliV8Flags: string[] | null;
  engines: ColdEngine[];
  /** Per engine: toTrainedMs over wasm's, median of the per-round ratios. */
  ratios: { engine: string; engineId: string; value: number }[];
  commands: ColdCommand[];
}

export interface ThreadRun {
  threads: number;
  /** The command's own "N runs in X s", median over rounds. */
  seconds: number;
  /** Sum of runs[].ms / 1000, summed over threads: the time spent inside runs. */
  trainingSeconds: number;
  warmupMs: number | null;
}

/**
 * The most two threads can gain here: two identical one-thread commands run at once, each
 * against one run alone in the same round (the scaling's one-thread run).
 */
export interface HardwareCeiling {
  command: string;
  /** The one-thread command's own seconds, alone, median of rounds. */
  aloneSeconds: number;
  /** The same command's own seconds with a second one running beside it, median over both processes of every round. */
  sideBySideSeconds: number;
  /** Median over rounds of the pair's mean seconds over that round's alone seconds: how much slower each core runs with both busy. */
  slowdown: number;
  /** 2 / slowdown: the two-thread speed-up if nothing but the cores slowing each other cost time. */
  maxSpeedup: number;
  /** Each round's figures. */
  rounds: { aloneSeconds: number; sideBySideSeconds: [number, number] }[];
}

export interface Scaling {
  command: string;
  runs: number;
  rounds: number;
  threads: ThreadRun[];
  /** One thread's seconds over two threads', median of the per-round ratios. */
  speedup: number;
  /** Whether the runs of every thread count are the same bits (runs[] without its ms). */
  identical: boolean;
  /** Where they differ first, or null. */
  difference: string | null;
  /** What the two-thread time is made of, in words. */
  bound: string;
  /** Two one-thread commands side by side against one alone; null when not measured. */
  ceiling: HardwareCeiling | null;
  /** Median of workerStartsMs, or null when none was started. */
  workerStartMs: number | null;
  /** Each time from `new Worker()` on the CLI's training-thread module to its answer to an experiment of no runs. */
  workerStartsMs: number[];
}

export interface Target {
  id: string;
  label: string;
  /** The goal in words, e.g. 'at least 80%'. */
  goal: string;
  measured: number | null;
  unit: string;
  /** The measured value as shown, or why it was not measured. */
  shown: string;
  /** null when not measured. */
  met: boolean | null;
  /** What bounds it, when missed. */
  bound: string | null;
}

export interface BenchResults {
  schema: { name: string; version: number };
  date: string;
  command: string;
  options: { quick: boolean; engines: string[]; workloads: string[]; runs: number; processes: number };
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; platform: string; node: string; v8: string };
  /** The machine's load averages (1, 5 and 15 minutes) when the benchmark started and ended: above the core count, others were using it. */
  load: { atStart: number[]; atEnd: number[] };
  peak: { simd: number; relaxed: number | null };
  workloads: { id: string; title: string; flops: number; samples: number; epochs: number; batchSize: number; sizes: number[]; models: string[] }[];
  measurements: Measurement[];
  ratios: Ratio[];
  /** Per workload: wasmlp wasm's GFLOP/s as a percentage of a peak probe run just before it, median over all its runs. */
  wasmPercentOfPeak: Record<string, number>;
  cold: Cold | null;
  scaling: Scaling | null;
  memory: { experimentPeakRssMb: number; processes: number } | null;
  targets: Target[];
  notes: string[];
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
