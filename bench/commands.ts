// Measurements of the `wasmlp` command as a user runs it: peak resident memory and
// the speed-up from worker threads (with a check that the threads give the same bits), and
// what bounds that speed-up, from the same run: how much two single-thread processes side by
// side slow each other (the hardware's ceiling), and how long a worker thread takes to start.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { median, type HardwareCeiling, type Scaling, type ThreadRun } from './results.js';

const BIN = fileURLToPath(new URL('../../bin/wasmlp.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./rss-probe.js', import.meta.url));

/** Runs the command to its end (every run the same way: the memory probe loaded, this process's environment). */
function wasmlp(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PROBE, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
    child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`wasmlp ${args.join(' ')} failed: ${stderr.trim().split('\n').pop()}`));
    });
  });
}

/** Peak resident memory of `wasmlp experiment` with its defaults, in MB (median of runs). */
export async function experimentPeakRssMb(runs = 3): Promise<number> {
  const values: number[] = [];
  for (let run = 0; run < runs; run++) {
    const match = /wasmlp-peak-rss-kb (\d+)/.exec((await wasmlp(['experiment'])).stderr);
    if (!match) throw new Error('the memory probe reported nothing');
    values.push(Number(match[1]) / 1024);
  }
  return median(values);
}

/** The part of a results file that must not depend on the thread count: every run without its time. */
interface RunRecord { ms?: number; [field: string]: unknown }

/** Where two runs lists first differ (index and field), or null when they are the same bits. */
export function firstDifference(a: readonly RunRecord[], b: readonly RunRecord[]): string | null {
  if (a.length !== b.length) return `${a.length} runs against ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const { ms: _a, ...left } = a[i];
    const { ms: _b, ...right } = b[i];
    for (const field of new Set([...Object.keys(left), ...Object.keys(right)])) {
      // JSON keeps every bit of a double (shortest round-trip form), so equal text is equal bits.
      if (JSON.stringify(left[field]) !== JSON.stringify(right[field])) return `run ${i + 1} (${String(left.train)} seed ${String(left.seed)}), field ${field}`;
    }
  }
  return null;
}

const SCALING_ARGS = ['experiment', '--seeds', '20', '--train', 'every', '--folds', 'none'];

/** The command's own "N runs in X s" and its results file. */
interface CommandRun { seconds: number; trainingSeconds: number; warmupMs: number | null; runs: RunRecord[] }

async function scalingRun(scratch: string, name: string, threads: number): Promise<CommandRun> {
  const json = join(scratch, `${name}.json`);
  const match = /(\d+) runs in ([\d.]+) s/.exec((await wasmlp([...SCALING_ARGS, '--workers', String(threads), '--json', json])).stdout);
  if (!match) throw new Error('the experiment did not report its time');
  const results = JSON.parse(readFileSync(json, 'utf8')) as { runs: RunRecord[]; warmupMs?: number };
  return {
    seconds: Number(match[2]),
    trainingSeconds: results.runs.reduce((sum, r) => sum + (r.ms ?? 0), 0) / 1000,
    warmupMs: typeof results.warmupMs === 'number' ? results.warmupMs : null,
    runs: results.runs,
  };
}

/**
 * Wall seconds of 160 runs of the founding network (20 seeds x 8 trainable sets, no folds) on
 * 1 and on 2 worker threads, as the command reports them, in `rounds` rounds; the results of
 * every run compared bit for bit; and what the two-thread time is made of. A round first runs
 * two one-thread commands side by side, then one alone, then one on two threads, so the alone
 * run sits between the two figures it is compared with. Then `workerStarts` worker threads are
 * started one after another, timed to ready.
 */
export async function workerScaling(rounds: number, workerStarts: number): Promise<Scaling> {
  const scratch = mkdtempSync(join(tmpdir(), 'wasmlp-bench-scaling-'));
  try {
    const measured = new Map<number, CommandRun[]>([[1, []], [2, []]]);
    const sideBySide: CommandRun[][] = [];
    for (let round = 0; round < rounds; round++) {
      sideBySide.push(await Promise.all([0, 1].map((p) => scalingRun(scratch, `side-by-side-${round}-${p}`, 1))));
      for (const threads of [1, 2]) measured.get(threads)!.push(await scalingRun(scratch, `threads-${threads}-${round}`, threads));
    }
    const reference = measured.get(1)![0].runs;
    const difference = [...[...measured.values()].flat(), ...sideBySide.flat()].map((m) => firstDifference(reference, m.runs)).find((d) => d !== null) ?? null;
    const threads: ThreadRun[] = [...measured].map(([count, runs]) => {
      const warmups = runs.map((r) => r.warmupMs).filter((ms): ms is number => ms !== null);
      return {
        threads: count, seconds: median(runs.map((r) => r.seconds)), trainingSeconds: median(runs.map((r) => r.trainingSeconds)),
        warmupMs: warmups.length === runs.length ? median(warmups) : null,
      };
    });
    const speedup = median(measured.get(1)!.map((one, round) => one.seconds / measured.get(2)![round].seconds));
    const ceiling = hardwareCeiling(measured.get(1)!.map((alone, round) => ({
      aloneSeconds: alone.seconds, sideBySideSeconds: [sideBySide[round][0].seconds, sideBySide[round][1].seconds],
    })));
    const starts = await timeWorkerStarts(workerStarts);
    const workerStartMs = starts.length > 0 ? median(starts) : null;
    return {
      command: `wasmlp ${SCALING_ARGS.join(' ')} --workers 1|2 --json FILE`,
      runs: reference.length, rounds, threads, speedup, identical: difference === null, difference,
      bound: scalingBound(threads[0], threads[1], { speedup, ceiling, workerStartMs }),
      ceiling, workerStartMs, workerStartsMs: starts,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The most two threads can gain on this machine: each round's two side-by-side processes, each
 * the mean of their seconds over the same round's one alone (the pool hands runs to whichever
 * thread is free, so both threads finish together and run at the pair's mean rate); the median
 * of the rounds; and 2 over it, the speed-up two threads would reach if nothing else cost time.
 */
export function hardwareCeiling(rounds: HardwareCeiling['rounds']): HardwareCeiling {
  const slowdown = median(rounds.map((r) => (r.sideBySideSeconds[0] + r.sideBySideSeconds[1]) / 2 / r.aloneSeconds));
  return {
    command: `wasmlp ${SCALING_ARGS.join(' ')} --workers 1 --json FILE, two at once`,
    aloneSeconds: median(rounds.map((r) => r.aloneSeconds)),
    sideBySideSeconds: median(rounds.flatMap((r) => r.sideBySideSeconds)),
    slowdown,
    maxSpeedup: 2 / slowdown,
    rounds,
  };
}

/** The training thread's module as bin/wasmlp.js picks it: the bundle's, unless the modules were compiled after it. */
function cliWorkerUrl(): URL {
  const modules = new URL('../src/cli/worker.js', import.meta.url);
  const bundle = new URL('../src/cli-bundle/worker.js', import.meta.url);
  const built = (url: URL): number | undefined => statSync(url, { throwIfNoEntry: false })?.mtimeMs;
  const [modulesBuilt, bundleBuilt] = [built(modules), built(bundle)];
  return bundleBuilt !== undefined && (modulesBuilt === undefined || bundleBuilt >= modulesBuilt) ? bundle : modules;
}

/**
 * Milliseconds from `new Worker()` on the CLI's training-thread module to its answer to an
 * experiment of no runs: a Node environment for the thread, the CLI's worker modules loaded,
 * and one message each way; what a thread costs before it can take its first run (in the
 * command it starts with the command, while the main thread reads the data and compiles the
 * kernels). Threads are started one at a time, in this process, and ended once they answer.
 */
export async function timeWorkerStarts(count: number): Promise<number[]> {
  const url = cliWorkerUrl();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const worker = new Worker(url);
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', (message: { finished?: boolean; error?: string }) => {
          if (message.finished) resolve();
          else reject(new Error(`the training thread answered an empty experiment with ${JSON.stringify(message)}`));
        });
        worker.once('error', reject);
        // An experiment with no runs, on the JS backend (nothing to compile): the thread takes no run and says it has finished.
        worker.postMessage({ kernels: { name: 'js' }, jobs: [], queue: { groups: [], counters: new Int32Array(new SharedArrayBuffer(4)) }, stop: new Int32Array(new SharedArrayBuffer(4)) });
      });
      times.push(performance.now() - started);
    } finally {
      await worker.terminate();
    }
  }
  return times;
}

const seconds = (value: number): string => `${value.toFixed(2)} s`;

/**
 * How the measured speed-up stands to the ceiling. Above it, the ceiling did not hold: on a
 * shared machine the other work changed between the side-by-side pair and the thread runs,
 * which the reader must be told rather than shown a share over 100%.
 */
function ceilingReached(speedup: number | undefined, most: number): string {
  if (speedup === undefined) return '';
  if (speedup > most) return `; the measured ${speedup.toFixed(2)}x is above that, so the machine's other load changed between these runs and this ceiling does not hold (more rounds, or a quieter machine)`;
  return `; the measured ${speedup.toFixed(2)}x is ${((100 * speedup) / most).toFixed(0)}% of that`;
}

/**
 * The two-thread time taken apart: the ceiling two single-thread processes side by side set
 * (each core slower with the other busy), how much slower each run was with both threads busy
 * (summed run time against one thread's), and how much of the wall was outside runs (worker
 * start-up, warm-up, handing out runs and sending results back, and the last run's wait).
 */
export function scalingBound(
  one: ThreadRun, two: ThreadRun,
  { speedup, ceiling = null, workerStartMs = null }: { speedup?: number; ceiling?: HardwareCeiling | null; workerStartMs?: number | null } = {},
): string {
  const ideal = one.seconds / 2;
  const slower = two.trainingSeconds / one.trainingSeconds;
  const outsideOne = one.seconds - one.trainingSeconds;
  const outsideTwo = two.seconds - two.trainingSeconds / 2;
  const outsideTwoParts = [
    workerStartMs === null ? 'worker start-up' : `worker start-up, ${workerStartMs.toFixed(0)} ms to a ready thread, overlapping the data and kernels`,
    ...(two.warmupMs === null ? [] : [`warm-up ${two.warmupMs.toFixed(0)} ms on the slower thread`]),
    'work split and result transfer',
  ];
  const parts = [
    `1.8x would be ${seconds(one.seconds / 1.8)} (2x: ${seconds(ideal)}); measured ${seconds(two.seconds)}.`,
    ...(ceiling === null ? [] : [
      `Hardware ceiling: two single-thread processes side by side each ran ${ceiling.slowdown.toFixed(2)}x slower than one alone (${seconds(ceiling.sideBySideSeconds)} against ${seconds(ceiling.aloneSeconds)}), so 2 threads can reach at most ${ceiling.maxSpeedup.toFixed(2)}x${ceilingReached(speedup, ceiling.maxSpeedup)}.`,
    ]),
    `Runs side by side: their summed time is ${seconds(two.trainingSeconds)} against ${seconds(one.trainingSeconds)} on one thread (${slower >= 1 ? `${((slower - 1) * 100).toFixed(0)}% slower each: two busy cores run slower than one, and the machine is shared` : `${((1 - slower) * 100).toFixed(0)}% faster each`}), costing ${Math.max(0, two.trainingSeconds / 2 - one.trainingSeconds / 2).toFixed(2)} s of the wall.`,
    `Outside runs: ${seconds(outsideTwo)} on two threads (${outsideTwoParts.join(', ')}) against ${seconds(outsideOne)} on one (${one.warmupMs === null ? 'reading the data, compiling the kernels and writing the results' : `warm-up ${one.warmupMs.toFixed(0)} ms`}).`,
  ];
  return parts.join(' ');
}
