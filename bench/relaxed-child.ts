// Run by bench/run.ts in a child Node started with --experimental-wasm-relaxed-simd when the
// benchmark's own runtime does not accept relaxed SIMD: measures the relaxed peak and the
// relaxed wasmlp engine on the given workloads, and prints them as one JSON line.
//   node --experimental-wasm-relaxed-simd dist/bench/relaxed-child.js RUNS W1,W2,W3
import { loadWorkloads, type Workload } from './workloads.js';
import { wasmlpEngine } from './engines/wasmlp.js';
import { measurePeak } from './peak.js';

const runs = Number(process.argv[2] ?? 5);
const ids = (process.argv[3] ?? 'W1,W2,W3').split(',') as Workload['id'][];
const peak = await measurePeak('relaxed');
const engine = wasmlpEngine('relaxed');
const reason = await engine.unavailable();
const times: Record<string, number[]> = {};
if (peak !== null && reason === null) {
  for (const workload of await loadWorkloads(ids)) {
    const run = await engine.prepare(workload);
    await run();
    times[workload.id] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await run();
      times[workload.id].push(performance.now() - started);
    }
  }
}
process.stdout.write(`${JSON.stringify({ peak, reason, times })}\n`);
