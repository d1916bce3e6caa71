// Seeded random draws: every draw in wasmlp goes through seedrandom, so the same
// seed gives the same weights and the same shuffles in every runtime.
import seedrandom from 'seedrandom';

/** A function returning uniform doubles in [0, 1). */
export type Random = () => number;

/**
 * A random stream for one purpose ('init', 'shuffle', ...) of one seed. seedrandom's
 * Alea generator: a fresh shuffle every epoch makes the draws a measurable share of
 * training a small network, and Alea is about four times faster than the default ARC4.
 */
export function randomStream(seed: number, purpose: string): Random {
  const prng = seedrandom.alea(`wasmlp:${seed}:${purpose}`);
  return () => prng.double();
}

/** Writes 0..count-1 to order[at..at+count), shuffled (Fisher-Yates) when a random stream is given. */
export function shuffledOrder(order: Int32Array, at: number, count: number, random: Random | null): void {
  for (let i = 0; i < count; i++) order[at + i] = i;
  if (!random) return;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[at + i];
    order[at + i] = order[at + j];
    order[at + j] = swap;
  }
}

/** Keras's glorot_uniform: U(-limit, limit) with limit = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(target: Float32Array, fanIn: number, fanOut: number, random: Random): void {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < target.length; i++) target[i] = (random() * 2 - 1) * limit;
}
