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

/**
 * A random stream whose position can be saved and restored (a model's shuffles, for exact
 * resume). `words` is Alea itself: each call is one draw of 32 random bits, as a multiple of
 * 2^-32 in [0, 1), shuffledOrder's unit.
 */
export interface ResumableRandom { words: Random; state(): StreamState }

/** The Alea stream of (seed, purpose), seeded as randomStream seeds it, or one resumed from a saved state. */
export function resumableStream(seed: number, purpose: string, state?: StreamState): ResumableRandom {
  const prng = state ? alea('', { state: { ...state } }) : alea(`wasmlp:${seed}:${purpose}`, { state: true });
  return { words: prng, state: () => ({ ...prng.state() }) };
}

/** Whether a value is a state Alea can resume from: c a small whole number, s0..s2 in [0, 1). */
export function isStreamState(value: unknown): value is StreamState {
  if (typeof value !== 'object' || value === null) return false;
  const { c, s0, s1, s2 } = value as Record<string, unknown>;
  const unit = (x: unknown): boolean => typeof x === 'number' && x >= 0 && x < 1;
  return Number.isSafeInteger(c) && (c as number) >= 0 && unit(s0) && unit(s1) && unit(s2);
}

const WORD = 4294967296; // 2^32
/** Below this bound a 32-bit word times the bound is exact in a double (under 2^53). */
const EXACT_BOUND = 2097152; // 2^21

/**
 * Writes 0..count-1 to order[at..at+count), shuffled (Fisher-Yates) when a random stream is
 * given. `words` returns 32-bit draws (multiples of 2^-32 in [0, 1), as Alea gives), and each
 * swap index costs one of them, drawn exactly uniform by Lemire's multiply-and-reject: a
 * shuffle every epoch made the draws a measurable share of training a small network, most of
 * all in a fresh process, where each call runs unoptimised.
 */
export function shuffledOrder(order: Int32Array, at: number, count: number, words: Random | null): void {
  for (let i = 0; i < count; i++) order[at + i] = i;
  if (!words) return;
  for (let i = count - 1; i > 0; i--) {
    const bound = i + 1;
    let j: number;
    if (bound <= EXACT_BOUND) {
      // The top 32 bits of word x bound, rejecting the few words that would favour some indices.
      let product = words() * WORD * bound;
      let high = Math.floor(product / WORD);
      if (product - high * WORD < bound) {
        const threshold = WORD % bound;
        while (product - high * WORD < threshold) {
          product = words() * WORD * bound;
          high = Math.floor(product / WORD);
        }
      }
      j = high;
    } else {
      j = boundedIndexWide(words, bound);
    }
    const swap = order[at + i];
    order[at + i] = order[at + j];
    order[at + j] = swap;
  }
}

/**
 * Lemire's exact draw in [0, bound) for bounds from 2^21 to 2^32, where word x bound needs
 * 64 bits: the word is multiplied in two 16-bit halves so every partial product stays exact.
 */
export function boundedIndexWide(words: Random, bound: number): number {
  const threshold = WORD % bound;
  for (;;) {
    const word = words() * WORD;
    const wordHigh = Math.floor(word / 65536);
    const upper = wordHigh * bound; // (word >> 16) x bound, under 2^48
    const upperHigh = Math.floor(upper / 65536);
    const middle = (upper - upperHigh * 65536) * 65536 + (word - wordHigh * 65536) * bound; // under 2^49
    const carry = Math.floor(middle / WORD);
    if (middle - carry * WORD >= threshold) return upperHigh + carry;
  }
}

/** Keras's glorot_uniform: U(-limit, limit) with limit = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(target: Float32Array, fanIn: number, fanOut: number, random: Random): void {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < target.length; i++) target[i] = (random() * 2 - 1) * limit;
}
