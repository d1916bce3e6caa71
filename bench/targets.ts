// The project's speed targets (issue 12 and before), checked against one run's results; each
// missed target says what bounds it, from the same run's figures.
import type { BenchResults, ColdEngine, Target } from './results.js';

type Figures = Omit<BenchResults, 'targets'>;

interface Check {
  id: string;
  label: string;
  goal: string;
  unit: string;
  measure(r: Figures): number | null;
  /** Whether the goal is met; `r` for targets with a second condition (identical results). */
  pass(value: number, r: Figures): boolean;
  format(value: number): string;
  /** A figure shown beside the measured one (e.g. the same thing measured another way), or null. */
  beside?(r: Figures): string | null;
  bound(value: number, r: Figures): string;
}

const ms = (value: number): string => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
const times = (value: number): string => `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)}x`;
const percent = (value: number): string => `${value.toFixed(0)}%`;
const stepTime = (milliseconds: number): string => (milliseconds < 1 ? `${(1000 * milliseconds).toFixed(1)} µs` : ms(milliseconds));

function coldEngine(r: Figures, engineId: string): ColdEngine | undefined {
  return r.cold?.engines.find((e) => e.engineId === engineId);
}

function ratio(r: Figures, engineId: string, workload: string): number | null {
  return r.ratios.find((x) => x.engineId === engineId && x.workload === workload)?.value ?? null;
}

function wasmMs(r: Figures, workload: string): number | null {
  return r.measurements.find((m) => m.engineId === 'wasm' && m.workload === workload)?.medianMs ?? null;
}

function engineMs(r: Figures, engineId: string, workload: string): string {
  const m = r.measurements.find((x) => x.engineId === engineId && x.workload === workload);
  return m ? `${m.engine} ${ms(m.medianMs)}` : `${engineId} not measured`;
}

function ratioBound(engineId: string, workload: string): (value: number, r: Figures) => string {
  return (_value, r) => `in this run wasmlp wasm took ${ms(wasmMs(r, workload) ?? Number.NaN)} on ${workload} and ${engineMs(r, engineId, workload)} (paired rounds)`;
}

/** The kernels' own share of a step, which the peak probe (register-only multiply-adds) does not have. */
function peakBound(workload: string): (value: number, r: Figures) => string {
  return (value, r) => {
    const w = r.workloads.find((x) => x.id === workload);
    const m = r.measurements.find((x) => x.engineId === 'wasm' && x.workload === workload);
    if (!w || !m) return 'the wasm kernels';
    const steps = w.models.length * w.epochs * Math.ceil(w.samples / w.batchSize);
    return `the training kernels: ${m.gflops.toFixed(1)} GFLOP/s against a ${r.peak.simd.toFixed(1)} GFLOP/s peak, ${stepTime(m.medianMs / steps)} a step of ${w.batchSize} rows on ${w.sizes.join('-')}; the peak probe only multiplies and adds in registers, the kernels also load, store, apply activations and update weights`;
  };
}

/** What a fresh command's wall time is made of: Node's own start, warm-up, training, and the rest. */
function commandBound(id: 'experiment-json' | 'npm-start'): (value: number, r: Figures) => string {
  return (value, r) => {
    const command = r.cold?.commands.find((c) => c.id === id);
    if (!command || !r.cold) return 'not measured';
    const node = r.cold.runtimeAloneMs.node;
    const warmup = command.warmupMs ?? 0;
    const rest = value - node - warmup - command.trainingMs;
    const note = id === 'npm-start' ? `; npm start now runs ${command.runs} runs (5 folds x 2 sets) where the 0.6 s target was set for one split (2 runs), and writes report.html and loss.png` : '';
    return `${ms(value)} = Node's own start ${ms(node)}${command.warmupMs === null ? '' : ` + warm-up ${ms(warmup)}`} + training ${ms(command.trainingMs)} (${command.runs} runs) + loading modules, data and writing outputs ${ms(rest)}${note}`;
  };
}

const CHECKS: Check[] = [
  {
    id: 'w1-ms', label: 'W1 both models in at most 60 ms (wasm, warm)', goal: 'at most 60 ms', unit: 'ms',
    measure: (r) => wasmMs(r, 'W1'), pass: (v) => v <= 60, format: ms,
    bound: (v) => `wasmlp wasm took ${ms(v)} for the two models of W1`,
  },
  {
    id: 'w1-vs-tfjs-wasm', label: 'W1 at least 150x faster than TensorFlow.js wasm', goal: 'at least 150x', unit: 'x',
    measure: (r) => ratio(r, 'tfjs-wasm', 'W1'), pass: (v) => v >= 150, format: times, bound: ratioBound('tfjs-wasm', 'W1'),
  },
  {
    id: 'w1-vs-pytorch', label: 'W1 at least 15x faster than PyTorch', goal: 'at least 15x', unit: 'x',
    measure: (r) => ratio(r, 'pytorch', 'W1'), pass: (v) => v >= 15, format: times, bound: ratioBound('pytorch', 'W1'),
  },
  {
    id: 'w3-vs-tfjs-wasm', label: 'W3 at least 2x TensorFlow.js wasm samples/s', goal: 'at least 2x', unit: 'x',
    measure: (r) => ratio(r, 'tfjs-wasm', 'W3'), pass: (v) => v >= 2, format: times, bound: ratioBound('tfjs-wasm', 'W3'),
  },
  {
    id: 'w3-peak', label: 'W3 at least 80% of the measured plain-SIMD peak', goal: 'at least 80%', unit: '%',
    measure: (r) => r.wasmPercentOfPeak.W3 ?? null, pass: (v) => v >= 80, format: percent, bound: peakBound('W3'),
  },
  {
    id: 'w1-peak', label: 'W1 at least 50% of the measured plain-SIMD peak', goal: 'at least 50%', unit: '%',
    measure: (r) => r.wasmPercentOfPeak.W1 ?? null, pass: (v) => v >= 50, format: percent, bound: peakBound('W1'),
  },
  {
    id: 'w1-vs-js', label: 'wasm at least 3x js on W1', goal: 'at least 3x', unit: 'x',
    measure: (r) => ratio(r, 'js', 'W1'), pass: (v) => v >= 3, format: times, bound: ratioBound('js', 'W1'),
  },
  {
    id: 'w3-vs-js', label: 'wasm at least 4x js on W3', goal: 'at least 4x', unit: 'x',
    measure: (r) => ratio(r, 'js', 'W3'), pass: (v) => v >= 4, format: times, bound: ratioBound('js', 'W3'),
  },
  {
    id: 'experiment-rss', label: '`wasmlp experiment` peak resident memory at most 80 MB', goal: 'at most 80 MB', unit: 'MB',
    measure: (r) => r.memory?.experimentPeakRssMb ?? null, pass: (v) => v <= 80, format: (v) => `${v.toFixed(1)} MB`,
    bound: (v) => `peak resident memory ${v.toFixed(1)} MB (VmHWM) of \`wasmlp experiment\` with its defaults`,
  },
  {
    // What a person running `wasmlp experiment` once meets: wasm with the command's V8 flags
    // (wasm-cli). The library's default (wasm, no flags), which an embedder meets, is shown beside it.
    id: 'cold-first-model', label: 'first model of a fresh process within 1.3x of a warm one (wasm with the `wasmlp` command\'s V8 flags, W1)', goal: 'at most 1.3x', unit: 'x',
    measure: (r) => coldEngine(r, 'wasm-cli')?.firstToWarm ?? null, pass: (v) => v <= 1.3, format: times,
    beside: (r) => {
      const library = coldEngine(r, 'wasm');
      return library ? `library default, no flags: ${times(library.firstToWarm)}` : null;
    },
    bound: (_v, r) => {
      const cli = coldEngine(r, 'wasm-cli')!;
      const library = coldEngine(r, 'wasm');
      const flags = r.cold!.cliV8Flags?.join(' ') ?? 'the CLI\'s flags';
      return `with ${flags}, as the command runs, the first model trained in ${ms(cli.firstModelMs)} against ${ms(cli.warmModelMs)} warm in the same process (medians of ${r.cold!.processes} processes): the first model pays ${ms(cli.firstModelMs - cli.warmModelMs)} of first-use costs (compiling and optimising code, first allocations) inside its training time${library ? `; the library's default (no flags) took ${ms(library.firstModelMs)} against ${ms(library.warmModelMs)}, ${times(library.firstToWarm)}` : ''}`;
    },
  },
  {
    id: 'cold-experiment-training', label: 'founding experiment in a fresh `wasmlp experiment --json`: at most 25 ms of training in total', goal: 'at most 25 ms', unit: 'ms',
    measure: (r) => r.cold?.commands.find((c) => c.id === 'experiment-json')?.trainingMs ?? null, pass: (v) => v <= 25, format: ms,
    bound: (v, r) => {
      const command = r.cold!.commands.find((c) => c.id === 'experiment-json')!;
      // The warm time with the command's own flags when measured: the command runs with them.
      const wasm = coldEngine(r, 'wasm-cli') ?? coldEngine(r, 'wasm');
      return `${command.runs} runs took ${ms(v)} together (runs[].ms)${command.warmupMs === null ? '' : `, plus a warm-up of ${ms(command.warmupMs)} before them`}${wasm ? `; a warm W1 model takes ${ms(wasm.warmModelMs)} in the cold-start child, so ${command.runs} warm runs would take about ${ms(command.runs * wasm.warmModelMs)}` : ''}`;
    },
  },
  {
    id: 'cold-experiment-wall', label: 'founding experiment in a fresh `wasmlp experiment --json`: at most 0.25 s of wall time', goal: 'at most 250 ms', unit: 'ms',
    measure: (r) => r.cold?.commands.find((c) => c.id === 'experiment-json')?.wallMs ?? null, pass: (v) => v <= 250, format: ms, bound: commandBound('experiment-json'),
  },
  {
    id: 'cold-npm-start-wall', label: '`npm start` (report and PNG) at most 0.6 s of wall time', goal: 'at most 600 ms', unit: 'ms',
    measure: (r) => r.cold?.commands.find((c) => c.id === 'npm-start')?.wallMs ?? null, pass: (v) => v <= 600, format: ms, bound: commandBound('npm-start'),
  },
  {
    // The command's wall time plus npm's own start, measured apart: timing \`npm start\` itself
    // would write the package's out/ folder, which may hold a report the user wants to keep.
    id: 'cold-npm-start-typed', label: '`npm start` as typed (npm\'s own start included) at most 0.6 s of wall time', goal: 'at most 600 ms', unit: 'ms',
    measure: (r) => {
      const command = r.cold?.commands.find((c) => c.id === 'npm-start');
      const npm = r.cold?.runtimeAloneMs.npm;
      return command && typeof npm === 'number' ? command.wallMs + npm : null;
    },
    pass: (v) => v <= 600, format: ms,
    bound: (v, r) => `${ms(v)} = npm's own start (\`npm --version\`) ${ms(r.cold!.runtimeAloneMs.npm!)} + the command ${commandBound('npm-start')(v - r.cold!.runtimeAloneMs.npm!, r)}`,
  },
  {
    id: 'two-threads', label: '160 runs at least 1.8x faster on two threads, with identical results', goal: 'at least 1.8x, identical', unit: 'x',
    measure: (r) => r.scaling?.speedup ?? null, pass: (v, r) => v >= 1.8 && r.scaling!.identical, format: times,
    beside: (r) => (r.scaling?.ceiling ? `hardware ceiling ${times(r.scaling.ceiling.maxSpeedup)}` : null),
    bound: (v, r) => `${r.scaling!.identical ? '' : `results differ between thread counts (${r.scaling!.difference}); `}${r.scaling!.bound}`,
  },
];

/** Every target, measured or not, in the order of the report. */
export function checkTargets(r: Figures): Target[] {
  return CHECKS.map((check) => {
    const value = check.measure(r);
    if (value === null || !Number.isFinite(value)) {
      return { id: check.id, label: check.label, goal: check.goal, measured: null, unit: check.unit, shown: 'not measured in this run', met: null, bound: null };
    }
    const met = check.pass(value, r);
    const beside = check.beside?.(r) ?? null;
    const shown = beside === null ? check.format(value) : `${check.format(value)} (${beside})`;
    return { id: check.id, label: check.label, goal: check.goal, measured: value, unit: check.unit, shown, met, bound: met ? null : check.bound(value, r) };
  });
}
