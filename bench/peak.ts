// The peak f32x4 multiply-add rate of this runtime, plain and (where it validates) relaxed SIMD.
import { readFile } from 'node:fs/promises';

const ROUNDS = 5e7;
const FLOPS_PER_ROUND = 64;

/** Best GFLOP/s over several timed calls of the peak kernel, or null when the runtime rejects the build. */
export async function measurePeak(build: 'simd' | 'relaxed', attempts = 7): Promise<number | null> {
  const bytes = new Uint8Array(await readFile(new URL(`./peak-${build}.wasm`, import.meta.url)));
  if (!WebAssembly.validate(bytes)) return null;
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() {} } });
  const peak = instance.exports.peak as (rounds: number, scale: number) => number;
  peak(ROUNDS / 10, 0.999);
  let best = 0;
  for (let i = 0; i < attempts; i++) {
    const started = performance.now();
    peak(ROUNDS, 0.999);
    const seconds = (performance.now() - started) / 1000;
    best = Math.max(best, (ROUNDS * FLOPS_PER_ROUND) / seconds / 1e9);
  }
  return best;
}
