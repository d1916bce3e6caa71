// The benchmark's results as markdown (bench/results/*.md and the README's table): the warm
// table, the cold figures, worker scaling, every target with what bounds a missed one, and notes.
import type { BenchResults, Cold, Scaling } from './results.js';

const ms = (value: number): string => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
const times = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)}x`;

function warmTable(r: BenchResults): string[] {
  const engines = [...new Set(r.measurements.map((m) => m.engine))];
  const lines = [
    `| engine | ${r.workloads.map((w) => `${w.id} ms (x wasm)`).join(' | ')} | ${r.workloads.map((w) => `${w.id} GFLOP/s`).join(' | ')} |`,
    `| --- | ${r.workloads.map(() => '---:').join(' | ')} | ${r.workloads.map(() => '---:').join(' | ')} |`,
  ];
  for (const engine of engines) {
    const cells = r.workloads.map((w) => r.measurements.find((m) => m.engine === engine && m.workload === w.id));
    const shown = cells.map((m, i) => {
      if (!m) return '—';
      const paired = r.ratios.find((x) => x.engine === engine && x.workload === r.workloads[i].id);
      return `${m.medianMs.toFixed(m.medianMs < 100 ? 1 : 0)}${paired ? ` (${times(paired.value)})` : ''}`;
    });
    lines.push(`| ${engine} | ${shown.join(' | ')} | ${cells.map((m) => (m ? m.gflops.toFixed(2) : '—')).join(' | ')} |`);
  }
  return lines;
}

function coldSection(cold: Cold): string[] {
  const lines: string[] = [];
  if (cold.engines.length > 0) {
    lines.push(`Cold start, W1 in a fresh process (medians of up to ${cold.processes}; the runtime alone: Node ${ms(cold.runtimeAloneMs.node)}${cold.runtimeAloneMs.python === null ? '' : `, python ${ms(cold.runtimeAloneMs.python)}`}${typeof cold.runtimeAloneMs.npm === 'number' ? `, npm --version ${ms(cold.runtimeAloneMs.npm)}` : ''}):`);
    lines.push('');
    lines.push('| engine | spawn to first model | spawn to trained (x wasm) | first model | same model warm | first / warm | processes |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const e of cold.engines) {
      const ratio = cold.ratios.find((x) => x.engineId === e.engineId);
      lines.push(`| ${e.engine} | ${ms(e.toFirstModelMs)} | ${ms(e.toTrainedMs)}${ratio ? ` (${times(ratio.value)})` : ''} | ${ms(e.firstModelMs)} | ${ms(e.warmModelMs)} | ${times(e.firstToWarm)} | ${e.processes.length} |`);
    }
    lines.push('');
  }
  if (cold.commands.length > 0) {
    lines.push('The `wasmlp` command, fresh (medians):');
    lines.push('');
    lines.push('| command | runs | wall, spawn to exit | training (runs[].ms) | warm-up |');
    lines.push('| --- | ---: | ---: | ---: | ---: |');
    for (const c of cold.commands) lines.push(`| \`${c.command}\` | ${c.runs} | ${ms(c.wallMs)} | ${ms(c.trainingMs)} | ${c.warmupMs === null ? '—' : ms(c.warmupMs)} |`);
    lines.push('');
  }
  return lines;
}

function scalingSection(s: Scaling): string[] {
  const lines = [
    `Worker threads: \`${s.command}\`, ${s.runs} runs, median of ${s.rounds} round${s.rounds === 1 ? '' : 's'}: ${s.speedup.toFixed(2)}x on two threads; results ${s.identical ? 'identical bit for bit' : `**differ** (${s.difference})`}.`,
    '',
    '| threads | wall (the command\'s own) | summed run time | warm-up |',
    '| ---: | ---: | ---: | ---: |',
    ...s.threads.map((t) => `| ${t.threads} | ${t.seconds.toFixed(2)} s | ${t.trainingSeconds.toFixed(2)} s | ${t.warmupMs === null ? '—' : ms(t.warmupMs)} |`),
    '',
    ...ceilingLines(s),
    s.bound,
    '',
  ];
  return lines;
}

/** What bounds the two-thread figure, measured beside it: the cores slowing each other, and a thread's start-up. */
function ceilingLines(s: Scaling): string[] {
  const lines: string[] = [];
  const c = s.ceiling;
  if (c) {
    const pairs = c.rounds.map((r) => `${r.sideBySideSeconds.map((x) => x.toFixed(2)).join(' and ')} s against ${r.aloneSeconds.toFixed(2)} s`).join('; ');
    lines.push(`Hardware ceiling: two \`--workers 1\` commands side by side (${pairs}) each ran ${times(c.slowdown)} slower than one alone, so two threads can reach at most ${times(c.maxSpeedup)}.`);
  }
  if (s.workerStartMs !== null) lines.push(`A training thread answers ${ms(s.workerStartMs)} after \`new Worker()\` (median of ${s.workerStartsMs.length}).`);
  return lines.length > 0 ? [lines.join(' '), ''] : [];
}

/** The results as markdown. */
export function renderMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`Measured ${r.date.slice(0, 10)} with \`${r.command}\` on ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, ${r.machine.platform}, Node ${r.machine.node} (V8 ${r.machine.v8}); load average ${r.load.atStart[0].toFixed(1)} at the start and ${r.load.atEnd[0].toFixed(1)} at the end${Math.max(r.load.atStart[0], r.load.atEnd[0]) > r.machine.cores ? ` (above ${r.machine.cores}: other work shared the cores)` : ''}. Times are medians after a warm-up; ratios ("x wasm") are medians of rounds in which each run follows a run of wasmlp wasm, so a drifting machine moves both.`);
  lines.push(`Peak f32x4 multiply-add rate: ${r.peak.simd.toFixed(1)} GFLOP/s (plain SIMD)${r.peak.relaxed === null ? '' : `, ${r.peak.relaxed.toFixed(1)} GFLOP/s (relaxed SIMD)`}. wasmlp wasm reaches ${r.workloads.map((w) => `${(r.wasmPercentOfPeak[w.id] ?? 0).toFixed(0)}% of it on ${w.id}`).join(', ')} (median over every wasm run of the benchmark, each against a peak probe run just before it).`);
  lines.push('');
  lines.push(...warmTable(r));
  lines.push('');
  lines.push(r.workloads.map((w) => `${w.id}: ${w.title}, ${(w.flops / 1e9).toFixed(3)} GFLOP a run.`).join(' '));
  lines.push('');
  if (r.cold) lines.push(...coldSection(r.cold));
  if (r.scaling) lines.push(...scalingSection(r.scaling));
  lines.push('| target | measured | | what bounds it |');
  lines.push('| --- | --- | --- | --- |');
  for (const t of r.targets) lines.push(`| ${t.label} | ${t.shown} | ${t.met === null ? '—' : t.met ? 'met' : '**missed**'} | ${t.bound ?? ''} |`);
  lines.push('');
  for (const note of r.notes) lines.push(`- ${note}`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}
