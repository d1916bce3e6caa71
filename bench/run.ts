// `npm run bench`: times every engine on every workload in one process. Machines here
// are shared and their speed drifts by half over minutes, so every comparison is paired:
// each run of another engine follows a run of wasmlp's wasm engine, each wasm run follows a
// short peak probe, and a ratio is the median of the per-round ratios. Writes
// bench/results/latest.json and latest.md (and the README's table with --update-readme).
import { cpus, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadWorkloads, type Workload } from './workloads.js';
import type { Engine } from './engine.js';
import { wasmlpEngine } from './engines/wasmlp.js';
import { tfjsEngine } from './engines/tfjs.js';
import { pytorchEngine, pytorchPython, runPytorch } from './engines/pytorch.js';
import { loadPeak } from './peak.js';
import { experimentPeakRssMb, workerScaling } from './commands.js';
import { median, renderMarkdown, type BenchResults, type Measurement, type Ratio } from './report.js';

const RUNS = Number(process.env.WASMLP_BENCH_RUNS ?? 5);
const RESULTS = new URL('../../bench/results/', import.meta.url);
const README = new URL('../../README.md', import.meta.url);
const WASM_NAME = 'wasmlp wasm (SIMD)';
const log = (line: string): void => { process.stderr.write(`${line}\n`); };

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function measurement(engine: string, workload: Workload, times: number[], peak: number): Measurement {
  const ms = median(times);
  const gflops = workload.flops / (ms / 1000) / 1e9;
  const samples = workload.samples * workload.epochs * workload.models.length;
  return { engine, workload: workload.id, runsMs: times, medianMs: ms, gflops, percentOfPeak: (100 * gflops) / peak, samplesPerSecond: samples / (ms / 1000) };
}

async function main(): Promise<void> {
  log(`wasmlp bench: ${RUNS} paired rounds after a warm-up, every engine in this one process`);
  const probe = await loadPeak('simd');
  if (!probe) throw new Error('this runtime has no wasm SIMD');
  const simdPeak = probe(7, 5e7);
  const relaxedProbe = await loadPeak('relaxed');
  log(`peak f32x4 multiply-add: ${simdPeak.toFixed(1)} GFLOP/s plain SIMD${relaxedProbe ? `, ${relaxedProbe(7, 5e7).toFixed(1)} relaxed` : ''}`);
  const workloads = await loadWorkloads();
  const wasm = wasmlpEngine('wasm');
  const others: Engine[] = [wasmlpEngine('relaxed'), wasmlpEngine('js'), tfjsEngine('wasm'), tfjsEngine('cpu')];
  const measurements: Measurement[] = [];
  const ratios: Ratio[] = [];
  const notes: string[] = [];
  const wasmTimes = new Map<string, number[]>();
  const wasmRuns = new Map<string, () => Promise<void>>();
  const percentOfPeak = new Map<string, number[]>();

  // Every wasm run, here and paired with the other engines below, follows a short peak probe,
  // so its share of the peak is measured dozens of times across the whole benchmark.
  const timedWasm = async (workload: Workload): Promise<number> => {
    const peak = probe();
    const ms = await timed(wasmRuns.get(workload.id)!);
    wasmTimes.get(workload.id)?.push(ms);
    percentOfPeak.get(workload.id)?.push((100 * workload.flops / (ms / 1000) / 1e9) / peak);
    return ms;
  };
  for (const workload of workloads) {
    log(`${WASM_NAME} ${workload.id} against the peak probe ...`);
    const run = await wasm.prepare(workload);
    await run();
    wasmRuns.set(workload.id, run);
    wasmTimes.set(workload.id, []);
    percentOfPeak.set(workload.id, []);
    for (let r = 0; r < RUNS; r++) await timedWasm(workload);
  }

  for (const engine of others) {
    const reason = await engine.unavailable();
    if (reason) {
      notes.push(`${engine.name}: skipped (${reason})`);
      log(`${engine.name}: skipped (${reason})`);
      continue;
    }
    for (const workload of workloads) {
      log(`${engine.name} ${workload.id}, paired with ${WASM_NAME} ...`);
      const run = await engine.prepare(workload);
      await run();
      const times: number[] = [];
      const perRound: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const wasmMs = await timedWasm(workload);
        const ms = await timed(run);
        times.push(ms);
        perRound.push(ms / wasmMs);
      }
      measurements.push(measurement(engine.name, workload, times, simdPeak));
      ratios.push({ engine: engine.name, workload: workload.id, value: median(perRound) });
      log(`  ${median(times).toFixed(1)} ms, ${median(perRound).toFixed(1)}x the wasm time`);
    }
    await engine.dispose?.();
  }

  // PyTorch times its runs inside python; wasm runs just before and after bracket them.
  const torch = pytorchEngine();
  const torchReason = await torch.unavailable();
  if (torchReason) {
    notes.push(`${torch.name}: skipped (${torchReason}; Debian's python3-torch provides it)`);
  } else {
    const python = (await pytorchPython()) ?? 'python3';
    notes.push(`${torch.name}: ${python}, torch ${torchBlas(python)}, one thread, timed inside python after its own warm-up; its ratio is to wasm runs made just before and after`);
    for (const workload of workloads) {
      log(`${torch.name} ${workload.id} ...`);
      const bracket: number[] = [];
      for (let r = 0; r < RUNS; r++) bracket.push(await timedWasm(workload));
      const times = await runPytorch(workload, RUNS);
      for (let r = 0; r < RUNS; r++) bracket.push(await timedWasm(workload));
      if (typeof times === 'string') {
        notes.push(`${torch.name} ${workload.id}: ${times}`);
        continue;
      }
      measurements.push(measurement(torch.name, workload, times, simdPeak));
      ratios.push({ engine: torch.name, workload: workload.id, value: median(times) / median(bracket) });
    }
  }

  const relaxed = relaxedInChild(workloads, simdPeak);
  measurements.push(...relaxed.measurements);
  notes.push(...relaxed.notes);
  for (const workload of workloads) measurements.unshift(measurement(WASM_NAME, workload, wasmTimes.get(workload.id) ?? [], simdPeak));
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
    peak: { simd: simdPeak, relaxed: relaxed.peak },
    workloads: workloads.map((w) => ({ id: w.id, title: w.title, flops: w.flops })),
    measurements,
    ratios,
    wasmPercentOfPeak: Object.fromEntries([...percentOfPeak].map(([id, values]) => [id, median(values)])),
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

// Node 20 keeps relaxed SIMD behind a flag: when this process rejects the build, a child with the flag measures it.
function relaxedInChild(workloads: Workload[], simdPeak: number): { peak: number | null; measurements: Measurement[]; notes: string[] } {
  log('wasmlp wasm (relaxed SIMD) in a child node with --experimental-wasm-relaxed-simd ...');
  const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(new URL('./relaxed-child.js', import.meta.url)), String(RUNS)], { encoding: 'utf8' });
  const reply = child.status === 0 ? JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { peak: number | null; reason: string | null; times: Record<string, number[]> } : null;
  if (!reply || reply.peak === null || reply.reason !== null) {
    return { peak: null, measurements: [], notes: [`wasmlp wasm (relaxed SIMD), Node flag: ${reply?.reason ?? child.stderr.trim().split('\n').pop() ?? 'failed'}`] };
  }
  const name = 'wasmlp wasm (relaxed SIMD, Node flag)';
  return {
    peak: reply.peak,
    measurements: workloads.filter((w) => reply.times[w.id]).map((w) => measurement(name, w, reply.times[w.id], simdPeak)),
    notes: [`${name}: measured in a child node started with --experimental-wasm-relaxed-simd, not paired; its relaxed peak there was ${reply.peak.toFixed(1)} GFLOP/s; percentages are of the plain SIMD peak`],
  };
}

function torchBlas(python: string): string {
  const probe = spawnSync(python, ['-c', 'import torch;print(torch.__version__)'], { encoding: 'utf8' });
  const blas = spawnSync('update-alternatives', ['--query', 'libblas.so.3-x86_64-linux-gnu'], { encoding: 'utf8' });
  const value = /^Value: (.*)$/m.exec(blas.stdout ?? '')?.[1] ?? 'unknown BLAS';
  return `${probe.stdout?.trim() || '?'} with ${value.includes('openblas') ? 'OpenBLAS' : value}`;
}

await main();
