// Measurements of the `wasmlp` command as a user runs it: peak resident memory and
// the speed-up from worker threads (with a check that the threads give the same bits).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type Scaling, type ThreadRun } from './results.js';

const BIN = fileURLToPath(new URL('../../bin/wasmlp.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./rss-probe.js', import.meta.url));

function wasmlp(args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', PROBE, BIN, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wasmlp ${args.join(' ')} failed: ${result.stderr.trim().split('\n').pop()}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Peak resident memory of `wasmlp experiment` with its defaults, in MB (median of runs). */
export function experimentPeakRssMb(runs = 3): number {
  const values = Array.from({ length: runs }, () => {
    const match = /wasmlp-peak-rss-kb (\d+)/.exec(wasmlp(['experiment']).stderr);
    if (!match) throw new Error('the memory probe reported nothing');
    return Number(match[1]) / 1024;
  });
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

/**
 * Wall seconds of 160 runs of the founding network (20 seeds x 8 trainable sets, no folds) on
 * 1 and on 2 worker threads, as the command reports them, in `rounds` alternating rounds; the
 * results of every run compared bit for bit; and what the two-thread time is made of.
 */
export function workerScaling(rounds: number): Scaling {
  const scratch = mkdtempSync(join(tmpdir(), 'wasmlp-bench-scaling-'));
  try {
    const measured = new Map<number, { seconds: number; trainingSeconds: number; warmupMs: number | null; runs: RunRecord[] }[]>([[1, []], [2, []]]);
    for (let round = 0; round < rounds; round++) {
      for (const threads of [1, 2]) {
        const json = join(scratch, `threads-${threads}-${round}.json`);
        const match = /(\d+) runs in ([\d.]+) s/.exec(wasmlp([...SCALING_ARGS, '--workers', String(threads), '--json', json]).stdout);
        if (!match) throw new Error('the experiment did not report its time');
        const results = JSON.parse(readFileSync(json, 'utf8')) as { runs: RunRecord[]; warmupMs?: number };
        measured.get(threads)!.push({
          seconds: Number(match[2]),
          trainingSeconds: results.runs.reduce((sum, r) => sum + (r.ms ?? 0), 0) / 1000,
          warmupMs: typeof results.warmupMs === 'number' ? results.warmupMs : null,
          runs: results.runs,
        });
      }
    }
    const reference = measured.get(1)![0].runs;
    const difference = [...measured.values()].flat().map((m) => firstDifference(reference, m.runs)).find((d) => d !== null) ?? null;
    const threads: ThreadRun[] = [...measured].map(([count, runs]) => {
      const warmups = runs.map((r) => r.warmupMs).filter((ms): ms is number => ms !== null);
      return {
        threads: count, seconds: median(runs.map((r) => r.seconds)), trainingSeconds: median(runs.map((r) => r.trainingSeconds)),
        warmupMs: warmups.length === runs.length ? median(warmups) : null,
      };
    });
    const speedup = median(measured.get(1)!.map((one, round) => one.seconds / measured.get(2)![round].seconds));
    return {
      command: `wasmlp ${SCALING_ARGS.join(' ')} --workers 1|2 --json FILE`,
      runs: reference.length, rounds, threads, speedup, identical: difference === null, difference,
      bound: scalingBound(threads[0], threads[1]),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The two-thread time taken apart: how much slower each run was with both cores busy (summed
 * run time against one thread's), and how much of the wall was outside runs (worker start-up,
 * warm-up, handing out runs and sending results back, and the last run's wait).
 */
export function scalingBound(one: ThreadRun, two: ThreadRun): string {
  const ideal = one.seconds / 2;
  const slower = two.trainingSeconds / one.trainingSeconds;
  const outsideOne = one.seconds - one.trainingSeconds;
  const outsideTwo = two.seconds - two.trainingSeconds / 2;
  const parts = [
    `1.8x would be ${(one.seconds / 1.8).toFixed(2)} s (2x: ${ideal.toFixed(2)} s); measured ${two.seconds.toFixed(2)} s.`,
    `Runs side by side: their summed time is ${two.trainingSeconds.toFixed(2)} s against ${one.trainingSeconds.toFixed(2)} s on one thread (${slower >= 1 ? `${((slower - 1) * 100).toFixed(0)}% slower each: two busy cores run slower than one, and the machine is shared` : `${((1 - slower) * 100).toFixed(0)}% faster each`}), costing ${Math.max(0, two.trainingSeconds / 2 - one.trainingSeconds / 2).toFixed(2)} s of the wall.`,
    `Outside runs: ${outsideTwo.toFixed(2)} s on two threads (worker start-up and warm-up${two.warmupMs === null ? '' : ` ${two.warmupMs.toFixed(0)} ms on the slower thread`}, work split and result transfer) against ${outsideOne.toFixed(2)} s on one (warm-up${one.warmupMs === null ? '' : ` ${one.warmupMs.toFixed(0)} ms`}).`,
  ];
  return parts.join(' ');
}
