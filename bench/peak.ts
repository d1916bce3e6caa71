// The peak f32x4 multiply-add rate of this runtime, plain and (where it validates) relaxed SIMD.
import { readFile } from 'node:fs/promises';

const FLOPS_PER_ROUND = 64;

/** A loaded peak kernel: each call returns the best GFLOP/s of a few short timed calls. */
export type PeakProbe = (attempts?: number, rounds?: number) => number;

/** Loads the peak kernel of a build, or null when the runtime rejects it. */
export async function loadPeak(build: 'simd' | 'relaxed'): Promise<PeakProbe | null> {
  const bytes = new Uint8Array(await readFile(new URL(`./peak-${build}.wasm`, import.meta.url)));
  if (!WebAssembly.validate(bytes)) return null;
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() {} } });
  const peak = instance.exports.peak as (rounds: number, scale: number) => number;
  peak(1e6, 0.999);
  return (attempts = 3, rounds = 1e7) => {
    let best = 0;
    for (let i = 0; i < attempts; i++) {
      const started = performance.now();
      peak(rounds, 0.999);
      const seconds = (performance.now() - started) / 1000;
      best = Math.max(best, (rounds * FLOPS_PER_ROUND) / seconds / 1e9);
    }
    return best;
  };
}

/** Best GFLOP/s over several timed calls of the peak kernel, or null when the runtime rejects the build. */
export async function measurePeak(build: 'simd' | 'relaxed', attempts = 7): Promise<number | null> {
  const probe = await loadPeak(build);
  return probe ? probe(attempts, 5e7) : null;
}
