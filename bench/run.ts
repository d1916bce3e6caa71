// `npm run bench`: times every engine on every workload in one process, so that the
// ratios between them come from the same run of a noisy machine, then checks the targets
// and writes bench/results/latest.json and latest.md (and the README's table with --update-readme).
import { cpus, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadWorkloads, type Workload } from './workloads.js';
import type { Engine } from './engine.js';
import { wasmlpEngine } from './engines/wasmlp.js';
import { tfjsEngine } from './engines/tfjs.js';
import { pytorchEngine, pytorchPython, runPytorch } from './engines/pytorch.js';
import { measurePeak } from './peak.js';
import { experimentPeakRssMb, workerScaling } from './commands.js';
import { renderMarkdown, type BenchResults, type Measurement } from './report.js';

const RUNS = Number(process.env.WASMLP_BENCH_RUNS ?? 5);
const RESULTS = new URL('../../bench/results/', import.meta.url);
const README = new URL('../../README.md', import.meta.url);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function measurement(engine: string, workload: Workload, times: number[], peak: number): Measurement {
  const ms = median(times);
  const gflops = workload.flops / (ms / 1000) / 1e9;
  const samples = workload.samples * workload.epochs * workload.models.length;
  return { engine, workload: workload.id, runsMs: times, medianMs: ms, gflops, percentOfPeak: (100 * gflops) / peak, samplesPerSecond: samples / (ms / 1000) };
}

async function timeEngine(engine: Engine, workload: Workload): Promise<number[]> {
  const run = await engine.prepare(workload);
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const log = (line: string): void => { process.stderr.write(`${line}\n`); };
  log(`wasmlp bench: median of ${RUNS} runs after a warm-up, every engine in this one process`);
  const simdPeak = await measurePeak('simd');
  const relaxedPeak = await measurePeak('relaxed');
  let relaxedFlagPeak: number | null = null;
  if (simdPeak === null) throw new Error('this runtime has no wasm SIMD');
  log(`peak f32x4 multiply-add: ${simdPeak.toFixed(1)} GFLOP/s plain SIMD, ${relaxedPeak === null ? 'relaxed SIMD not available' : `${relaxedPeak.toFixed(1)} GFLOP/s relaxed`}`);
  const workloads = await loadWorkloads();
  const engines: Engine[] = [wasmlpEngine('wasm'), wasmlpEngine('relaxed'), wasmlpEngine('js'), tfjsEngine('wasm'), tfjsEngine('cpu')];
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  for (const engine of engines) {
    const reason = await engine.unavailable();
    if (reason) {
      notes.push(`${engine.name}: skipped (${reason})`);
      log(`${engine.name}: skipped (${reason})`);
      continue;
    }
    for (const workload of workloads) {
      log(`${engine.name} ${workload.id} ...`);
      const m = measurement(engine.name, workload, await timeEngine(engine, workload), simdPeak);
      measurements.push(m);
      log(`  ${m.medianMs.toFixed(1)} ms, ${m.gflops.toFixed(2)} GFLOP/s`);
    }
    await engine.dispose?.();
  }
  if (relaxedPeak === null) {
    // Node 20 keeps relaxed SIMD behind a flag: measure it in a child that has the flag.
    log('wasmlp wasm (relaxed SIMD) in a child node with --experimental-wasm-relaxed-simd ...');
    const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(new URL('./relaxed-child.js', import.meta.url)), String(RUNS)], { encoding: 'utf8' });
    const reply = child.status === 0 ? JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { peak: number | null; reason: string | null; times: Record<string, number[]> } : null;
    if (reply && reply.peak !== null && reply.reason === null) {
      relaxedFlagPeak = reply.peak;
      for (const workload of workloads) {
        const times = reply.times[workload.id];
        if (times) measurements.push(measurement('wasmlp wasm (relaxed SIMD, Node flag)', workload, times, simdPeak));
      }
      notes.push(`wasmlp wasm (relaxed SIMD, Node flag): measured in a child node started with --experimental-wasm-relaxed-simd (peak ${reply.peak.toFixed(1)} GFLOP/s there); its percentages are of the plain SIMD peak`);
    } else {
      notes.push(`wasmlp wasm (relaxed SIMD) with --experimental-wasm-relaxed-simd: ${reply?.reason ?? child.stderr.trim().split('\n').pop() ?? 'failed'}`);
    }
  }
  const torch = pytorchEngine();
  const torchReason = await torch.unavailable();
  if (torchReason) {
    notes.push(`${torch.name}: skipped (${torchReason}; Debian's python3-torch provides it)`);
  } else {
    notes.push(`${torch.name}: ${await pytorchPython()}, one intra-op and one inter-op thread, timed inside python after its own warm-up`);
    for (const workload of workloads) {
      log(`${torch.name} ${workload.id} ...`);
      const times = await runPytorch(workload, RUNS);
      if (typeof times === 'string') notes.push(`${torch.name} ${workload.id}: ${times}`);
      else measurements.push(measurement(torch.name, workload, times, simdPeak));
    }
  }
  log('peak memory of `wasmlp experiment` ...');
  const rssMb = experimentPeakRssMb();
  log('worker threads ...');
  const scaling = workerScaling();
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version, v8: process.versions.v8, platform: `${process.platform} ${process.arch}`,
    },
    runs: RUNS,
    peak: { simd: simdPeak, relaxed: relaxedPeak ?? relaxedFlagPeak },
    workloads: workloads.map((w) => ({ id: w.id, title: w.title, flops: w.flops })),
    measurements,
    experimentPeakRssMb: rssMb,
    scaling,
    notes,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(new URL('latest.json', RESULTS), `${JSON.stringify(results, null, 1)}\n`);
  const markdown = renderMarkdown(results);
  writeFileSync(new URL('latest.md', RESULTS), markdown);
  process.stdout.write(markdown);
  if (process.argv.includes('--update-readme')) {
    const readme = readFileSync(README, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    if (!readme.includes(start)) throw new Error(`README.md has no ${start} marker`);
    writeFileSync(README, readme.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${markdown}${end}`));
    log(`README.md updated (${fileURLToPath(README)})`);
  }
}

await main();
