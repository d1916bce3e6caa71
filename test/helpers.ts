// Shared test fixtures: both backends, seeded data, and comparisons of float arrays.
import { createJsBackend, type Backend } from '../src/index.js';
import { loadBackend } from '../src/node/backends.js';
import { randomStream } from '../src/random.js';

/** The wasm and the JS backend, loaded once. */
export async function bothBackends(): Promise<Backend[]> {
  return [await loadBackend('wasm-simd'), createJsBackend()];
}

/** rows x width values, standard-normal-ish, from a seed. */
export function randomMatrix(rows: number, width: number, seed: number): Float32Array {
  const random = randomStream(seed, 'test-data');
  const out = new Float32Array(rows * width);
  for (let i = 0; i < out.length; i++) out[i] = (random() + random() + random() - 1.5) * 2;
  return out;
}

/** Integer labels in [0, classes), from a seed. */
export function randomLabels(rows: number, classes: number, seed: number): Float32Array {
  const random = randomStream(seed, 'test-labels');
  return Float32Array.from({ length: rows }, () => Math.floor(random() * classes));
}

/** One-hot rows of the given labels. */
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return out;
}

/** ||a - b|| / ||b||. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
}

/** Whether two float arrays hold the same bits. */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.every((value, i) => value === y[i]);
}
