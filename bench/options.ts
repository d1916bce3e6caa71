// The benchmark's command line: which engines and workloads, how many rounds and fresh
// processes, and where the results go. Bad input is one line and exit status 2 (run.ts).
import { Command, CommanderError, InvalidArgumentError } from 'commander';

/** Every engine the benchmark knows, by the name --engines takes. */
export const ENGINE_IDS = ['wasm', 'relaxed', 'js', 'tfjs-wasm', 'tfjs-cpu', 'pytorch'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];
export const WORKLOAD_IDS = ['W1', 'W2', 'W3'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];
/** The engines timed in a fresh process from start to trained (the cold figures). */
export const COLD_ENGINE_IDS: readonly EngineId[] = ['wasm', 'tfjs-wasm', 'tfjs-cpu', 'pytorch'];

/**
 * What --quick leaves out unless --engines names the engine: TF.js cpu (4 to 42 s a run, no
 * target reads it), and the slow pairs no target reads (wasmlp js on W2 and W3, 7 and 14 s a
 * run; TF.js wasm on W2, 5 s), timed on a quiet 2-core machine.
 */
export const QUICK_SKIPPED_ENGINES: readonly EngineId[] = ['tfjs-cpu'];
export const QUICK_SKIPPED: readonly { engine: EngineId; workload: WorkloadId }[] = [
  { engine: 'js', workload: 'W2' }, { engine: 'js', workload: 'W3' }, { engine: 'tfjs-wasm', workload: 'W2' },
];

export interface BenchOptions {
  /** Engines to report, in ENGINE_IDS order. wasm is timed in any case: every ratio is to it. */
  engines: EngineId[];
  /** Whether --engines named them (else every engine, less QUICK_SKIPPED_ENGINES and QUICK_SKIPPED's pairs in a quick run). */
  enginesNamed: boolean;
  workloads: WorkloadId[];
  workloadsNamed: boolean;
  quick: boolean;
  /** Timed rounds per engine and workload, after a warm-up run. */
  runs: number;
  /** Fresh processes per engine for the cold figures, and per command for the command figures. */
  processes: number;
  updateReadme: boolean;
  /** Where the results JSON goes; the markdown goes beside it, .json replaced by .md. */
  out: string;
}

/** A bad command line, reported as one line with exit status 2. */
export class BenchUsageError extends Error {}

function listOf<T extends string>(flag: string, what: string, valid: readonly T[]): (text: string) => T[] {
  return (text) => {
    const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
    const unknown = names.filter((name) => !(valid as readonly string[]).includes(name));
    if (unknown.length > 0) throw new InvalidArgumentError(`${flag}: unknown ${what} ${unknown.map((name) => `'${name}'`).join(', ')}; valid: ${valid.join(', ')}`);
    if (names.length === 0) throw new InvalidArgumentError(`${flag}: no ${what} given; valid: ${valid.join(', ')}`);
    return valid.filter((name) => names.includes(name));
  };
}

function positiveInteger(flag: string, most: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isInteger(value) || value < 1 || value > most) {
      throw new InvalidArgumentError(`${flag} takes a whole number from 1 to ${most}, got '${text}'`);
    }
    return value;
  };
}

/**
 * Reads the benchmark's arguments (without node and the script). Throws BenchUsageError with one
 * line for bad input; `help` receives the usage text when --help is given (and null is returned).
 */
export function parseBenchArgs(args: readonly string[], env: NodeJS.ProcessEnv = {}, help: (text: string) => void = () => {}): BenchOptions | null {
  const program = new Command('npm run bench --')
    .description('times wasmlp against TensorFlow.js and PyTorch; writes the results JSON and markdown')
    .option('--engines <names>', `engines, comma-separated: ${ENGINE_IDS.join(', ')} (wasm is always timed: every ratio is to it)`, listOf('--engines', 'engine', ENGINE_IDS))
    .option('--workloads <ids>', `workloads, comma-separated: ${WORKLOAD_IDS.join(', ')}`, listOf('--workloads', 'workload', WORKLOAD_IDS))
    .option('--quick', 'about a minute: 3 rounds (1 for a run over a second), 3 fresh processes (1 for one over 5 s), no TF.js cpu, and no wasmlp js on W2 and W3 or TF.js wasm on W2, unless --engines names them')
    .option('--runs <n>', 'timed rounds per engine and workload (default: 5, 3 with --quick)', positiveInteger('--runs', 1000))
    .option('--processes <n>', 'fresh processes for each cold figure (default: 7, 3 with --quick)', positiveInteger('--processes', 100))
    .option('--out <file>', 'results JSON (default: bench/results/latest.json for a full run, quick.json or partial.json otherwise)')
    .option('--update-readme', 'also rewrite the table in README.md (a full run only)')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: help, writeErr: () => {}, outputError: () => {} });
  try {
    program.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return null;
    const message = error instanceof Error ? error.message : String(error);
    // commander wraps an argument's own message in "option '--x <v>' argument 'y' is invalid."; the message names the flag already.
    throw new BenchUsageError(message.replace(/^error: /, '').replace(/^option '[^']*' argument '[^']*' is invalid\. /, ''));
  }
  const values = program.opts<{ engines?: EngineId[]; workloads?: WorkloadId[]; quick?: boolean; runs?: number; processes?: number; out?: string; updateReadme?: boolean }>();
  const quick = values.quick === true;
  const engines = values.engines ?? ENGINE_IDS.filter((id) => !quick || !QUICK_SKIPPED_ENGINES.includes(id));
  const runsFromEnv = env.WASMLP_BENCH_RUNS === undefined ? undefined : positiveIntegerOrUsage('WASMLP_BENCH_RUNS', env.WASMLP_BENCH_RUNS);
  const partial = quick || values.engines !== undefined || values.workloads !== undefined;
  if (values.updateReadme && partial) throw new BenchUsageError('--update-readme rewrites the README\'s table from a full run: leave out --quick, --engines and --workloads');
  return {
    engines,
    enginesNamed: values.engines !== undefined,
    workloads: values.workloads ?? [...WORKLOAD_IDS],
    workloadsNamed: values.workloads !== undefined,
    quick,
    runs: values.runs ?? runsFromEnv ?? (quick ? 3 : 5),
    processes: values.processes ?? (quick ? 3 : 7),
    updateReadme: values.updateReadme === true,
    out: values.out ?? `bench/results/${partial ? (quick ? 'quick' : 'partial') : 'latest'}.json`,
  };
}

function positiveIntegerOrUsage(name: string, text: string): number {
  try {
    return positiveInteger(name, 1000)(text);
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
}

/** Whether an engine is timed on a workload: selected, and not one of the pairs a quick run leaves out. */
export function measuresPair(options: BenchOptions, engine: EngineId, workload: WorkloadId): boolean {
  if (!options.workloads.includes(workload)) return false;
  if (engine === 'wasm') return true;
  if (!options.engines.includes(engine)) return false;
  if (options.quick && !options.enginesNamed) return !QUICK_SKIPPED.some((pair) => pair.engine === engine && pair.workload === workload);
  return true;
}
