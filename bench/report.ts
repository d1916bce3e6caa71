// The benchmark's results as data and as the markdown table the README shows, with
// every ratio computed from measurements of the same run and every target checked.

export interface Measurement {
  engine: string;
  workload: string;
  runsMs: number[];
  medianMs: number;
  gflops: number;
  percentOfPeak: number;
  samplesPerSecond: number;
}

/** How many times longer an engine took than wasmlp's wasm engine, as the median of paired rounds. */
export interface Ratio { engine: string; workload: string; value: number }

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; v8: string; platform: string };
  runs: number;
  peak: { simd: number; relaxed: number | null };
  workloads: { id: string; title: string; flops: number }[];
  measurements: Measurement[];
  ratios: Ratio[];
  /** Per workload: wasmlp wasm's GFLOP/s as a percentage of a peak probe run just before it, median over all its runs. */
  wasmPercentOfPeak: Record<string, number>;
  experimentPeakRssMb: number;
  scaling: { runs: number; oneThread: number; twoThreads: number };
  notes: string[];
}

// Engines are found by words in their names, which carry versions and details.
const WASM = ['wasmlp wasm (SIMD)'];
const JS = ['wasmlp js'];
const TFJS_WASM = ['TF.js', 'wasm'];
const TORCH = ['PyTorch'];

/** The results as markdown: machine, table of medians, targets and notes. */
export function renderMarkdown(r: BenchResults): string {
  const find = (words: string[], workload: string): Measurement | undefined =>
    r.measurements.find((m) => words.every((word) => m.engine.includes(word)) && m.workload === workload);
  const engines = [...new Set(r.measurements.map((m) => m.engine))];
  const lines: string[] = [];
  lines.push(`Measured ${r.date.slice(0, 10)} on ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, ${r.machine.platform}, Node ${r.machine.node} (V8 ${r.machine.v8}). Times are medians after a warm-up; ratios (\"x wasm\") are medians of rounds in which each run follows a run of wasmlp wasm, so a drifting machine moves both.`);
  lines.push(`Peak f32x4 multiply-add rate: ${r.peak.simd.toFixed(1)} GFLOP/s (plain SIMD)${r.peak.relaxed === null ? '; relaxed SIMD not accepted by this runtime' : `, ${r.peak.relaxed.toFixed(1)} GFLOP/s (relaxed SIMD)`}. wasmlp wasm reaches ${r.workloads.map((w) => `${(r.wasmPercentOfPeak[w.id] ?? 0).toFixed(0)}% of it on ${w.id}`).join(', ')} (median over every wasm run of the benchmark, each against a peak probe run just before it).`);
  lines.push('');
  lines.push(`| engine | ${r.workloads.map((w) => `${w.id} ms (x wasm)`).join(' | ')} | ${r.workloads.map((w) => `${w.id} GFLOP/s`).join(' | ')} |`);
  lines.push(`| --- | ${r.workloads.map(() => '---:').join(' | ')} | ${r.workloads.map(() => '---:').join(' | ')} |`);
  for (const engine of engines) {
    const cells = r.workloads.map((w) => r.measurements.find((m) => m.engine === engine && m.workload === w.id));
    const times = cells.map((m, i) => {
      if (!m) return '—';
      const paired = r.ratios.find((x) => x.engine === engine && x.workload === r.workloads[i].id);
      return `${m.medianMs.toFixed(m.medianMs < 100 ? 1 : 0)}${paired ? ` (${paired.value.toFixed(paired.value < 10 ? 2 : 0)}x)` : ''}`;
    });
    lines.push(`| ${engine} | ${times.join(' | ')} | ${cells.map((m) => (m ? m.gflops.toFixed(2) : '—')).join(' | ')} |`);
  }
  lines.push('');
  lines.push(r.workloads.map((w) => `${w.id}: ${w.title}, ${(w.flops / 1e9).toFixed(3)} GFLOP a run.`).join(' '));
  lines.push('');
  const targets: [string, string, boolean | null][] = [];
  const w1 = find(WASM, 'W1');
  const ratio = (words: string[], workload: string): number | null =>
    r.ratios.find((x) => words.every((word) => x.engine.includes(word)) && x.workload === workload)?.value ?? null;
  const check = (label: string, value: number | null, format: (v: number) => string, pass: (v: number) => boolean): void => {
    targets.push([label, value === null ? 'not measured' : format(value), value === null ? null : pass(value)]);
  };
  check('W1 both models in at most 60 ms', w1?.medianMs ?? null, (v) => `${v.toFixed(1)} ms`, (v) => v <= 60);
  check('W1 at least 150x faster than TensorFlow.js wasm', ratio(TFJS_WASM, 'W1'), (v) => `${v.toFixed(0)}x`, (v) => v >= 150);
  check('W1 at least 15x faster than PyTorch', ratio(TORCH, 'W1'), (v) => `${v.toFixed(1)}x`, (v) => v >= 15);
  check('W3 at least 2x TensorFlow.js wasm samples/s', ratio(TFJS_WASM, 'W3'), (v) => `${v.toFixed(1)}x`, (v) => v >= 2);
  check('W3 at least 70% of the measured SIMD peak', r.wasmPercentOfPeak.W3 ?? null, (v) => `${v.toFixed(0)}%`, (v) => v >= 70);
  check('wasm at least 3x js on W1', ratio(JS, 'W1'), (v) => `${v.toFixed(1)}x`, (v) => v >= 3);
  check('wasm at least 4x js on W3', ratio(JS, 'W3'), (v) => `${v.toFixed(1)}x`, (v) => v >= 4);
  check('`wasmlp experiment` peak resident memory at most 80 MB', r.experimentPeakRssMb, (v) => `${v.toFixed(1)} MB`, (v) => v <= 80);
  lines.push('| target | measured | |');
  lines.push('| --- | --- | --- |');
  for (const [label, value, pass] of targets) lines.push(`| ${label} | ${value} | ${pass === null ? '—' : pass ? 'met' : '**missed**'} |`);
  lines.push('');
  lines.push(`Worker threads: ${r.scaling.runs} runs of the founding network take ${r.scaling.oneThread.toFixed(2)} s on one thread and ${r.scaling.twoThreads.toFixed(2)} s on two (${(r.scaling.oneThread / r.scaling.twoThreads).toFixed(2)}x).`);
  for (const note of r.notes) lines.push(`- ${note}`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}
