// `npm run bench:runtimes`: the cold start to the first trained epoch in Node, Deno, Bun and
// workerd. Each round spawns a fresh process per runtime (in turn, so drift hits all alike)
// and times from spawn() to the end of the first epoch of the founding network, trained
// through wasmlp/bundle on the plain-SIMD build: for Node, Deno and Bun until the script's
// result line arrives (it prints right after the epoch); for workerd, from spawning
// `workerd serve` until the answer to a POST sent as soon as it listens. Each is paired
// with the runtime alone (a script or Worker that only answers), to tell wasmlp's share
// from the runtime's own start. Writes bench/results/runtimes.json and runtimes.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeBinary } from '../test/runtimes/binaries.js';
import { serveWorker } from '../test/runtimes/children.js';
import { scriptCommand } from '../test/runtimes/edge-run.js';
import { foundingJob } from '../test/runtimes/founding-job.js';
import { median } from './results.js';
import { CLEAN_ENV, timeProcess } from './process-timing.js';

const ROUNDS = Number(process.env.WASMLP_BENCH_RUNS ?? 15);
const RESULTS = new URL('../../bench/results/', import.meta.url);
const CLI = fileURLToPath(new URL('../test/runtimes/founding-cli.js', import.meta.url));
const DIST = fileURLToPath(new URL('../', import.meta.url));
const WORKER_CONFIG = fileURLToPath(new URL('../../test/runtimes/founding-worker.capnp', import.meta.url));
const EMPTY_WORKER_CONFIG = fileURLToPath(new URL('../../bench/empty-worker.capnp', import.meta.url));
/** What the baselines run: a script that prints a result line and nothing else. */
const EMPTY_SCRIPT = 'console.log(JSON.stringify({ loss: [0] }));';
const TIMEOUT_MS = 60_000;
const log = (line: string): void => { process.stderr.write(`${line}\n`); };

type Runtime = 'node' | 'deno' | 'bun' | 'workerd';
const RUNTIMES: Runtime[] = ['node', 'deno', 'bun', 'workerd'];

/** Milliseconds from spawning a script runtime to its result line (the first epoch is over). */
async function scriptColdStart(runtime: 'node' | 'deno' | 'bun', jobFile: string, scratch: string, baseline: boolean): Promise<number> {
  const script = baseline ? join(scratch, 'empty.js') : CLI;
  const { command, args, env } = scriptCommand(runtime, script, [DIST, scratch], scratch, CLEAN_ENV);
  const run = await timeProcess(command, [...args, jobFile, 'bytes'], { cwd: scratch, env, timeoutMs: TIMEOUT_MS });
  if (run.lineMs.length === 0 || (JSON.parse(run.stdout) as { loss: number[] }).loss.length !== 1) {
    throw new Error(`${runtime} printed no result of one epoch: ${run.stdout.slice(-500)}`);
  }
  return run.lineMs[0];
}

/** Milliseconds from spawning workerd to the answer of the Worker's first request (one epoch). */
async function workerdColdStart(body: string, baseline: boolean): Promise<number> {
  const started = performance.now();
  const worker = await serveWorker(runtimeBinary('workerd'), baseline ? EMPTY_WORKER_CONFIG : WORKER_CONFIG, { timeoutMs: TIMEOUT_MS, env: CLEAN_ENV });
  try {
    const response = await fetch(worker.url, { method: 'POST', body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const result = (await response.json()) as { loss: number[] };
    const elapsed = performance.now() - started;
    if (response.status !== 200 || result.loss.length !== 1) throw new Error(`workerd answered ${response.status}`);
    return elapsed;
  } finally {
    await worker.stop();
  }
}

function versionOf(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim().split('\n')[0];
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'wasmlp-cold-start-'));
  try {
    const job = await foundingJob(1);
    const body = JSON.stringify(job);
    const jobFile = join(scratch, 'job.json');
    writeFileSync(jobFile, body);
    writeFileSync(join(scratch, 'empty.js'), EMPTY_SCRIPT);
    const times = new Map<Runtime, number[]>(RUNTIMES.map((runtime) => [runtime, []]));
    const alone = new Map<Runtime, number[]>(RUNTIMES.map((runtime) => [runtime, []]));
    log(`cold start to the first trained epoch: ${ROUNDS} rounds of ${RUNTIMES.join(', ')}, one fresh process each`);
    // One warm-up round: the first spawn of a binary pays for reading it from disk.
    for (let round = 0; round <= ROUNDS; round++) {
      for (const runtime of RUNTIMES) {
        for (const baseline of [false, true]) {
          const ms = runtime === 'workerd' ? await workerdColdStart(body, baseline) : await scriptColdStart(runtime, jobFile, scratch, baseline);
          if (round > 0) (baseline ? alone : times).get(runtime)!.push(ms);
        }
      }
    }
    const versions = Object.fromEntries(RUNTIMES.map((runtime) => [runtime, runtime === 'node' ? process.version : versionOf(runtimeBinary(runtime))]));
    const rows = RUNTIMES.map((runtime) => {
      const runs = times.get(runtime)!;
      const aloneRuns = alone.get(runtime)!;
      return { runtime, medianMs: median(runs), minMs: Math.min(...runs), runsMs: runs, aloneMedianMs: median(aloneRuns), aloneRunsMs: aloneRuns };
    });
    const lines = [
      '| runtime | cold start to the first trained epoch, median | fastest | the runtime alone, median |',
      '| --- | ---: | ---: | ---: |',
      ...rows.map((row) => `| ${row.runtime} | ${row.medianMs.toFixed(0)} ms | ${row.minMs.toFixed(0)} ms | ${row.aloneMedianMs.toFixed(0)} ms |`),
    ];
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(new URL('runtimes.json', RESULTS), `${JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, versions, rows }, null, 2)}\n`);
    writeFileSync(new URL('runtimes.md', RESULTS), `${lines.join('\n')}\n`);
    console.log(lines.join('\n'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:runtimes failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
