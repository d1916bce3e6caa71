// `npm run bench`: times every engine on every workload in one process, then the cold figures
// (each engine and the `wasmlp` command in fresh processes), worker scaling and peak memory.
// Machines here are shared and their speed drifts by half over minutes, so every comparison is
// paired: each run of another engine follows a run of wasmlp's wasm engine, each wasm run
// follows a short peak probe, and a ratio is the median of the per-round ratios. Writes the
// results JSON (schema: bench/README.md) and markdown; `npm run bench -- --help` lists the options.
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWorkloads, type Workload } from './workloads.js';
import type { Engine } from './engine.js';
import { wasmlpEngine } from './engines/wasmlp.js';
import { pytorchEngine, pytorchPython, runPytorch } from './engines/pytorch.js';
import { loadPeak } from './peak.js';
import { experimentPeakRssMb, workerScaling } from './commands.js';
import { measureCold } from './cold.js';
import { BenchUsageError, COLD_ENGINE_IDS, measuresPair, parseBenchArgs, type BenchOptions, type EngineId } from './options.js';
import { SCHEMA, median, type BenchResults, type Measurement, type Ratio } from './results.js';
import { checkTargets } from './targets.js';
import { renderMarkdown } from './report.js';

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));
const README = new URL('../../README.md', import.meta.url);
const WASM_NAME = 'wasmlp wasm (SIMD)';
/** In a quick run, a pair whose warm-up run takes longer than this gets one timed round. */
const QUICK_LONG_RUN_MS = 1000;
const log = (line: string): void => { process.stderr.write(`${line}\n`); };

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function measurement(engine: string, engineId: EngineId, workload: Workload, times: number[], peak: number): Measurement {
  const ms = median(times);
  const gflops = workload.flops / (ms / 1000) / 1e9;
  const samples = workload.samples * workload.epochs * workload.models.length;
  return { engine, engineId, workload: workload.id, runsMs: times, medianMs: ms, gflops, percentOfPeak: (100 * gflops) / peak, samplesPerSecond: samples / (ms / 1000) };
}

/** The other in-process engines, loaded only when selected (TensorFlow.js alone takes a second to import). */
async function inProcessEngines(options: BenchOptions): Promise<[EngineId, Engine][]> {
  const engines: [EngineId, Engine][] = [];
  if (options.engines.includes('relaxed')) engines.push(['relaxed', wasmlpEngine('relaxed')]);
  if (options.engines.includes('js')) engines.push(['js', wasmlpEngine('js')]);
  if (options.engines.includes('tfjs-wasm') || options.engines.includes('tfjs-cpu')) {
    const { tfjsEngine } = await import('./engines/tfjs.js');
    if (options.engines.includes('tfjs-wasm')) engines.push(['tfjs-wasm', tfjsEngine('wasm')]);
    if (options.engines.includes('tfjs-cpu')) engines.push(['tfjs-cpu', tfjsEngine('cpu')]);
  }
  return engines;
}

async function main(options: BenchOptions): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg();
  log(`wasmlp bench${options.quick ? ' --quick' : ''}: engines ${options.engines.join(', ')}; workloads ${options.workloads.join(', ')}; ${options.runs} paired rounds after a warm-up${options.quick ? ` (1 for a run over ${QUICK_LONG_RUN_MS / 1000} s)` : ''}; ${options.processes} fresh processes per cold figure`);
  const probe = await loadPeak('simd');
  if (!probe) throw new Error('this runtime has no wasm SIMD');
  const simdPeak = probe(7, 5e7);
  log(`peak f32x4 multiply-add: ${simdPeak.toFixed(1)} GFLOP/s plain SIMD`);
  const workloads = await loadWorkloads(options.workloads);
  const wasm = wasmlpEngine('wasm');
  const measurements: Measurement[] = [];
  const ratios: Ratio[] = [];
  const notes: string[] = [];
  const wasmTimes = new Map<string, number[]>();
  const wasmRuns = new Map<string, () => Promise<void>>();
  const percentOfPeak = new Map<string, number[]>();
  const rounds = (warmUpMs: number): number => (options.quick && warmUpMs > QUICK_LONG_RUN_MS ? 1 : options.runs);
  if (options.quick) notes.push(`quick run: ${options.runs} rounds (1 for a run over ${QUICK_LONG_RUN_MS / 1000} s), ${options.processes} fresh processes (1 for an engine whose process takes over 5 s)${options.enginesNamed ? '' : ', no TF.js cpu, no wasmlp js on W2 and W3 or TF.js wasm on W2'}; figures are noisier than a full run's`);

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
    for (let r = 0; r < options.runs; r++) await timedWasm(workload);
  }

  for (const [id, engine] of await inProcessEngines(options)) {
    const chosen = workloads.filter((w) => measuresPair(options, id, w.id));
    if (chosen.length === 0) continue;
    const reason = await engine.unavailable();
    if (reason) {
      notes.push(`${engine.name}: skipped (${reason})`);
      log(`${engine.name}: skipped (${reason})`);
      continue;
    }
    for (const workload of chosen) {
      log(`${engine.name} ${workload.id}, paired with ${WASM_NAME} ...`);
      const run = await engine.prepare(workload);
      const warmUpMs = await timed(run);
      const times: number[] = [];
      const perRound: number[] = [];
      for (let r = 0; r < rounds(warmUpMs); r++) {
        const wasmMs = await timedWasm(workload);
        const ms = await timed(run);
        times.push(ms);
        perRound.push(ms / wasmMs);
      }
      measurements.push(measurement(engine.name, id, workload, times, simdPeak));
      ratios.push({ engine: engine.name, engineId: id, workload: workload.id, value: median(perRound), pairing: 'paired' });
      log(`  ${median(times).toFixed(1)} ms, ${median(perRound).toFixed(1)}x the wasm time`);
    }
    await engine.dispose?.();
  }

  // PyTorch times its runs inside python; wasm runs just before and after bracket them.
  const torchWorkloads = workloads.filter((w) => measuresPair(options, 'pytorch', w.id));
  if (torchWorkloads.length > 0) {
    const torch = pytorchEngine();
    const torchReason = await torch.unavailable();
    if (torchReason) {
      notes.push(`${torch.name}: skipped (${torchReason}; Debian's python3-torch provides it)`);
    } else {
      const python = (await pytorchPython()) ?? 'python3';
      notes.push(`${torch.name}: ${python}, torch ${torchBlas(python)}, one thread, timed inside python after its own warm-up; its ratio is to wasm runs made just before and after`);
      for (const workload of torchWorkloads) {
        log(`${torch.name} ${workload.id} ...`);
        const bracket: number[] = [];
        for (let r = 0; r < options.runs; r++) bracket.push(await timedWasm(workload));
        const times = await runPytorch(workload, options.runs);
        for (let r = 0; r < options.runs; r++) bracket.push(await timedWasm(workload));
        if (typeof times === 'string') {
          notes.push(`${torch.name} ${workload.id}: ${times}`);
          continue;
        }
        measurements.push(measurement(torch.name, 'pytorch', workload, times, simdPeak));
        ratios.push({ engine: torch.name, engineId: 'pytorch', workload: workload.id, value: median(times) / median(bracket), pairing: 'bracketed' });
      }
    }
  }

  let relaxedPeak: number | null = null;
  const relaxedWorkloads = workloads.filter((w) => measuresPair(options, 'relaxed', w.id));
  if (relaxedWorkloads.length > 0 && !measurements.some((m) => m.engineId === 'relaxed')) {
    const relaxed = relaxedInChild(relaxedWorkloads, simdPeak, options.runs);
    relaxedPeak = relaxed.peak;
    measurements.push(...relaxed.measurements);
    notes.push(...relaxed.notes);
  }
  for (const workload of [...workloads].reverse()) measurements.unshift(measurement(WASM_NAME, 'wasm', workload, wasmTimes.get(workload.id) ?? [], simdPeak));

  // The cold figures and the command's own figures are of the founding experiment (W1).
  const founding = options.workloads.includes('W1');
  const commands = founding && options.engines.includes('wasm');
  let cold: BenchResults['cold'] = null;
  const coldEngines = COLD_ENGINE_IDS.filter((id) => id === 'wasm' || options.engines.includes(id));
  if (founding) {
    log(`cold start: ${coldEngines.join(', ')}${commands ? ' and the wasmlp command' : ''}, ${options.processes} fresh processes each ...`);
    const measured = await measureCold({
      engines: coldEngines, commands, processes: options.processes, warmBudgetMs: options.quick ? 1000 : 3000,
      slowProcessMs: options.quick ? 5000 : null, log,
    });
    cold = measured.cold;
    notes.push(...measured.notes);
  }
  let memory: BenchResults['memory'] = null;
  let scaling: BenchResults['scaling'] = null;
  if (commands) {
    log('peak memory of `wasmlp experiment` ...');
    const processes = options.quick ? 1 : 3;
    memory = { experimentPeakRssMb: await experimentPeakRssMb(processes), processes };
    log('worker threads: 1 and 2 threads, two 1-thread processes side by side, worker start-up ...');
    scaling = await workerScaling(options.quick ? 1 : 3, options.quick ? 3 : 7);
  }
  const figures: Omit<BenchResults, 'targets'> = {
    schema: { ...SCHEMA },
    date: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    options: { quick: options.quick, engines: options.engines, workloads: options.workloads, runs: options.runs, processes: options.processes },
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30),
      os: `${osType()} ${release()}`, platform: `${process.platform} ${process.arch}`, node: process.version, v8: process.versions.v8,
    },
    load: { atStart: loadAtStart, atEnd: loadavg() },
    peak: { simd: simdPeak, relaxed: relaxedPeak },
    workloads: workloads.map((w) => ({ id: w.id, title: w.title, flops: w.flops, samples: w.samples, epochs: w.epochs, batchSize: w.batchSize, sizes: w.sizes, models: w.models.map((m) => m.name) })),
    measurements,
    ratios,
    wasmPercentOfPeak: Object.fromEntries([...percentOfPeak].map(([id, values]) => [id, median(values)])),
    cold,
    scaling,
    memory,
    notes,
  };
  const results: BenchResults = { ...figures, targets: checkTargets(figures) };
  const jsonPath = options.out;
  const markdownPath = jsonPath.replace(/(\.json)?$/, '.md');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 1)}\n`);
  const markdown = renderMarkdown(results);
  writeFileSync(markdownPath, markdown);
  process.stdout.write(markdown);
  log(`results: ${jsonPath} and ${markdownPath} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  if (options.updateReadme) {
    const readme = readFileSync(README, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    if (!readme.includes(start)) throw new Error(`README.md has no ${start} marker`);
    writeFileSync(README, readme.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${markdown}${end}`));
    log(`README.md updated (${fileURLToPath(README)})`);
  }
}

// Node 20 keeps relaxed SIMD behind a flag: when this process rejects the build, a child with the flag measures it.
function relaxedInChild(workloads: Workload[], simdPeak: number, runs: number): { peak: number | null; measurements: Measurement[]; notes: string[] } {
  log('wasmlp wasm (relaxed SIMD) in a child node with --experimental-wasm-relaxed-simd ...');
  const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(new URL('./relaxed-child.js', import.meta.url)), String(runs), workloads.map((w) => w.id).join(',')], { encoding: 'utf8' });
  const reply = child.status === 0 ? JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { peak: number | null; reason: string | null; times: Record<string, number[]> } : null;
  if (!reply || reply.peak === null || reply.reason !== null) {
    return { peak: null, measurements: [], notes: [`wasmlp wasm (relaxed SIMD), Node flag: ${reply?.reason ?? child.stderr.trim().split('\n').pop() ?? 'failed'}`] };
  }
  const name = 'wasmlp wasm (relaxed SIMD, Node flag)';
  return {
    peak: reply.peak,
    measurements: workloads.filter((w) => reply.times[w.id]).map((w) => measurement(name, 'relaxed', w, reply.times[w.id], simdPeak)),
    notes: [`${name}: measured in a child node started with --experimental-wasm-relaxed-simd, not paired; its relaxed peak there was ${reply.peak.toFixed(1)} GFLOP/s; percentages are of the plain SIMD peak`],
  };
}

function torchBlas(python: string): string {
  const probe = spawnSync(python, ['-c', 'import torch;print(torch.__version__)'], { encoding: 'utf8' });
  const blas = spawnSync('update-alternatives', ['--query', 'libblas.so.3-x86_64-linux-gnu'], { encoding: 'utf8' });
  const value = /^Value: (.*)$/m.exec(blas.stdout ?? '')?.[1] ?? 'unknown BLAS';
  return `${probe.stdout?.trim() || '?'} with ${value.includes('openblas') ? 'OpenBLAS' : value}`;
}

let options: BenchOptions | null;
try {
  options = parseBenchArgs(process.argv.slice(2), process.env, (text) => process.stdout.write(text));
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  process.stderr.write(`bench: ${error.message} (npm run bench -- --help lists the options)\n`);
  process.exit(2);
}
if (options) {
  // A path given on the command line is the user's, from where they ran npm; the defaults are the package's.
  const given = process.argv.slice(2).some((arg) => arg === '--out' || arg.startsWith('--out='));
  options.out = resolve(given ? process.env.INIT_CWD ?? process.cwd() : PACKAGE, options.out);
  try {
    await main(options);
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.WASMLP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exit(1);
  }
}
