// A benchmark result made by hand for the tests of the pure parts (targets, report): every
// figure is chosen, so a test can say which targets it meets and which it misses.
import type { BenchResults, Cold, HardwareCeiling, Scaling } from '../../bench/results.js';

export type Figures = Omit<BenchResults, 'targets'>;

/** No measurement at all: every target is "not measured". */
export function emptyFigures(): Figures {
  return {
    schema: { name: 'wasmlp-bench', version: 1 }, date: '2026-01-01T00:00:00.000Z', command: 'npm run bench',
    options: { quick: false, engines: [], workloads: [], runs: 5, processes: 7 },
    machine: { cpu: 'test cpu', cores: 2, memoryGiB: 8, os: 'Linux 6', platform: 'linux x64', node: 'v20.0.0', v8: '11' },
    load: { atStart: [0.5, 0.4, 0.3], atEnd: [1.5, 0.6, 0.4] },
    peak: { simd: 40, relaxed: null }, workloads: [], measurements: [], ratios: [], wasmPercentOfPeak: {},
    cold: null, scaling: null, memory: null, notes: [],
  };
}

/**
 * Cold figures of W1: wasm with the `wasmlp` command's V8 flags (wasm-cli; firstModelMs and
 * warmModelMs) and the library's default (wasm, no flags; libraryFirstModelMs, same warm time).
 */
export function cold(overrides: { firstModelMs?: number; warmModelMs?: number; libraryFirstModelMs?: number; wallMs?: number; trainingMs?: number; warmupMs?: number | null } = {}): Cold {
  const warm = overrides.warmModelMs ?? 10;
  const engine = (name: string, engineId: string, first: number) => ({
    engine: name, engineId, toFirstModelMs: 100, toTrainedMs: 110, firstModelMs: first, warmModelMs: warm, firstToWarm: first / warm,
    processes: [{ toFirstModelMs: 100, toTrainedMs: 110, firstModelMs: first, secondModelMs: 8, warmMs: [warm], loadMs: 70 }],
  });
  return {
    workload: 'W1', processes: 1, runtimeAloneMs: { node: 40, python: null },
    cliV8Flags: ['--no-liftoff', '--no-wasm-lazy-compilation'],
    engines: [
      engine('wasmlp wasm (SIMD)', 'wasm', overrides.libraryFirstModelMs ?? 34),
      engine('wasmlp wasm (SIMD), the CLI\'s V8 flags', 'wasm-cli', overrides.firstModelMs ?? 12),
    ],
    ratios: [],
    commands: [{
      id: 'experiment-json', command: 'wasmlp experiment --folds none --json FILE', runs: 2,
      wallMs: overrides.wallMs ?? 200, trainingMs: overrides.trainingMs ?? 20, warmupMs: overrides.warmupMs === undefined ? 30 : overrides.warmupMs,
      processes: [{ wallMs: overrides.wallMs ?? 200, trainingMs: overrides.trainingMs ?? 20, warmupMs: 30 }],
    }],
  };
}

export function scaling(speedup: number, identical = true, ceiling: HardwareCeiling | null = null): Scaling {
  return {
    command: 'wasmlp experiment --seeds 20 --train every --folds none --workers 1|2 --json FILE', runs: 160, rounds: 1,
    threads: [{ threads: 1, seconds: 1.8, trainingSeconds: 1.6, warmupMs: 100 }, { threads: 2, seconds: 1.8 / speedup, trainingSeconds: 1.7, warmupMs: 150 }],
    speedup, identical, difference: identical ? null : 'run 3 (all seed 101), field loss', bound: 'the bound in words',
    ceiling, workerStartMs: ceiling ? 45 : null, workerStartsMs: ceiling ? [40, 45, 50] : [],
  };
}

/** W1 and W3 measured for wasm with the given shares of the peak. */
export function withPeakShares(figures: Figures, w1: number, w3: number): Figures {
  const measurement = (workload: string, percentOfPeak: number) => ({
    engine: 'wasmlp wasm (SIMD)', engineId: 'wasm', workload, runsMs: [20], medianMs: 20, gflops: (percentOfPeak / 100) * figures.peak.simd, percentOfPeak, samplesPerSecond: 1000,
  });
  return {
    ...figures,
    workloads: [
      { id: 'W1', title: 'founding', flops: 3e8, samples: 569, epochs: 100, batchSize: 32, sizes: [30, 16, 8, 1], models: ['all', '1'] },
      { id: 'W3', title: 'mnist-sized', flops: 1.6e10, samples: 8192, epochs: 2, batchSize: 128, sizes: [784, 256, 128, 10], models: ['all'] },
    ],
    measurements: [measurement('W1', w1), measurement('W3', w3)],
    wasmPercentOfPeak: { W1: w1, W3: w3 },
  };
}
