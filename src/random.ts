// Seeded random draws: every draw in wasmlp goes through seedrandom, so the same
// seed gives the same weights and the same shuffles in every runtime. Only its Alea
// generator is imported: seedrandom's index loads its five other generators and, in Node,
// the crypto module (for unseeded use, which wasmlp never makes), some 10 ms at startup.
/// <reference path="./seedrandom-alea.d.ts" />
import alea from 'seedrandom/lib/alea.js';

/** A function returning uniform doubles in [0, 1). */
export type Random = () => number;

/**
 * A random stream for one purpose ('init', 'shuffle', ...) of one seed. seedrandom's
 * Alea generator: a fresh shuffle every epoch makes the draws a measurable share of
 * training a small network, and Alea is about four times faster than the default ARC4.
 */
export function randomStream(seed: number, purpose: string): Random {
  const prng = alea(`wasmlp:${seed}:${purpose}`);
  return () => prng.double();
}

/** Alea's whole state: a saved stream resumes with the very draws it would have made. */
export interface StreamState { c: number; s0: number; s1: number; s2: number }

/** A random stream whose position can be saved and restored (a model's shuffles, for exact resume). */
export interface ResumableRandom { next: Random; state(): StreamState }

/** The stream randomStream(seed, purpose) would give, or one resumed from a saved state. */
export function resumableStream(seed: number, purpose: string, state?: StreamState): ResumableRandom {
  const prng = state ? alea('', { state: { ...state } }) : alea(`wasmlp:${seed}:${purpose}`, { state: true });
  return { next: () => prng.double(), state: () => ({ ...prng.state() }) };
}

/** Whether a value is a state Alea can resume from: c a small whole number, s0..s2 in [0, 1). */
export function isStreamState(value: unknown): value is StreamState {
  if (typeof value !== 'object' || value === null) return false;
  const { c, s0, s1, s2 } = value as Record<string, unknown>;
  const unit = (x: unknown): boolean => typeof x === 'number' && x >= 0 && x < 1;
  return Number.isSafeInteger(c) && (c as number) >= 0 && unit(s0) && unit(s1) && unit(s2);
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
