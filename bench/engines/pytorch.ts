// Reference engine: PyTorch (one CPU thread) via bench/pytorch_bench.py.
//
// How to use it: call runPytorch(workload, runs) (or pytorchCommand for the cold figure). It starts python once; the script does its own
// warm-up run and then times `runs` complete runs in-process, so interpreter and torch start-up
// (seconds) are not counted. The Engine from pytorchEngine() exists so the runner can list
// PyTorch and print a skip note via unavailable(); its prepare() throws 'use runPytorch',
// because a per-run timed function would have to spawn python each time.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Engine } from '../engine.js';
import type { Workload } from '../workloads.js';

const run = promisify(execFile);

// Found from bench/engines/ (sources run directly) or dist/bench/engines/ (compiled).
const script = ['../pytorch_bench.py', '../../../bench/pytorch_bench.py']
  .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  .find((p) => existsSync(p));

let found: string | undefined;

/** A python that can import torch: python3 on PATH first, then Debian's system python. */
async function findPython(): Promise<string | null> {
  if (found) return found;
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      await run(python, ['-c', 'import torch'], { timeout: 120_000 });
      // Only success is remembered: torch may be installed while the process runs.
      found = python;
      return python;
    } catch {
      // Not there, or no torch in it: try the next one.
    }
  }
  return null;
}

/** Which python runPytorch uses, or null when none has torch. */
export async function pytorchPython(): Promise<string | null> {
  return findPython();
}

async function whyUnavailable(): Promise<string | null> {
  if (!script) return 'bench/pytorch_bench.py not found';
  if (endianness() !== 'LE') return 'the data files are written little-endian; this machine is not';
  if (!(await findPython())) return 'no python3 with torch (tried python3 on PATH and /usr/bin/python3)';
  return null;
}

/** One thread in BLAS too, whichever BLAS the system's torch is linked against. */
export const ONE_THREAD_ENV = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/**
 * The python and the command line of pytorch_bench.py for a workload whose files are in `dir`
 * (written by writeWorkloadFiles), or the reason PyTorch cannot run here.
 */
export async function pytorchCommand(dir: string, mode: string[]): Promise<{ python: string; args: string[] } | string> {
  const reason = await whyUnavailable();
  if (reason) return reason;
  return { python: found!, args: [script!, ...workloadPaths(dir), ...mode] };
}

function workloadPaths(dir: string): string[] {
  return [join(dir, 'workload.json'), join(dir, 'x.f32'), join(dir, 'y.f32')];
}

/** Writes the workload as pytorch_bench.py reads it: its description as JSON, x and y as raw float32. */
export async function writeWorkloadFiles(workload: Workload, dir: string): Promise<void> {
  const { x, y, flops: _flops, ...description } = workload;
  const paths = workloadPaths(dir);
  await writeFile(paths[0], JSON.stringify(description));
  // Float32Array bytes are in host order, checked little-endian in whyUnavailable.
  await writeFile(paths[1], new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  await writeFile(paths[2], new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
}

/**
 * Trains the workload with PyTorch: one warm-up run, then `runs` timed runs, all in one python
 * process. Resolves to the run times in milliseconds, or to a one-line reason it could not run.
 */
export async function runPytorch(workload: Workload, runs: number): Promise<number[] | string> {
  const dir = await mkdtemp(join(tmpdir(), 'wasmlp-pytorch-'));
  try {
    const command = await pytorchCommand(dir, [String(runs)]);
    if (typeof command === 'string') return command;
    await writeWorkloadFiles(workload, dir);
    const { stdout } = await run(command.python, command.args, { maxBuffer: 1 << 20, env: { ...process.env, ...ONE_THREAD_ENV } });
    const last = stdout.trim().split('\n').pop() ?? '';
    const times = (JSON.parse(last) as { times_ms?: unknown }).times_ms;
    if (!Array.isArray(times) || times.length !== runs) return `unexpected output from pytorch_bench.py: ${last}`;
    return times as number[];
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    const detail = (e.stderr?.trim().split('\n').pop() || e.message || String(err)).split('\n')[0];
    return `pytorch_bench.py failed: ${detail}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** PyTorch as an Engine for listing and skip notes only; time it with runPytorch. */
export function pytorchEngine(): Engine {
  return {
    name: 'PyTorch (CPU, 1 thread)',
    unavailable: whyUnavailable,
    async prepare() {
      throw new Error('use runPytorch: the PyTorch engine times its runs inside one python process');
    },
  };
}
