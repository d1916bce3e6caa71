// The seeded draws: shuffles are permutations, spread evenly, one 32-bit draw a swap with
// Lemire's rejection of the few biased words, and resumable from a saved stream state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundedIndexWide, resumableStream, shuffledOrder, type Random } from '../src/random.js';

const WORD = 2 ** 32;

/** A source replaying the given 32-bit words (as Alea gives them, multiples of 2^-32), counting draws. */
function replay(words: number[]): Random & { drawn: number } {
  const source = Object.assign(() => {
    if (source.drawn >= words.length) throw new Error('replay ran out of words');
    return words[source.drawn++] / WORD;
  }, { drawn: 0 });
  return source;
}

test('a shuffle is a permutation of 0..count-1 and different seeds give different orders', () => {
  const count = 569;
  const orders = [1, 2].map((seed) => {
    const order = new Int32Array(count + 3).fill(-7);
    shuffledOrder(order, 3, count, resumableStream(seed, 'shuffle').words);
    assert.deepEqual([...order.subarray(0, 3)], [-7, -7, -7], 'writes only its own range');
    assert.deepEqual([...order.subarray(3)].sort((a, b) => a - b), Array.from({ length: count }, (_, i) => i));
    return [...order.subarray(3)];
  });
  assert.notDeepEqual(orders[0], orders[1]);
});

test('without a stream the order is 0..count-1; with one, each swap takes exactly one draw when none is rejected', () => {
  const order = new Int32Array(5);
  shuffledOrder(order, 0, 5, null);
  assert.deepEqual([...order], [0, 1, 2, 3, 4]);
  const source = replay([2 ** 31, 2 ** 31, 2 ** 31, 2 ** 31]);
  shuffledOrder(order, 0, 5, source);
  assert.equal(source.drawn, 4);
  // Index = floor(2^31 * bound / 2^32) = floor(bound / 2): 2, 2, 1, 1 for bounds 5, 4, 3, 2.
  assert.deepEqual([...order], [...expectedSwaps(5, [2, 2, 1, 1])]);
});

function expectedSwaps(count: number, picks: number[]): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  picks.forEach((j, k) => {
    const i = count - 1 - k;
    [order[i], order[j]] = [order[j], order[i]];
  });
  return order;
}

test('words that would favour low indices are rejected and drawn again (bound 3: 2^32 mod 3 = 1)', () => {
  // Word 0 gives product 0, whose low part 0 is under the threshold 1: it is rejected.
  const order = new Int32Array(3);
  const source = replay([0, WORD - 1, 0, 2 ** 31]);
  shuffledOrder(order, 0, 3, source);
  // Bound 3: word 0 rejected, then 2^32-1 gives index 2. Bound 2: 2^32 mod 2 = 0, so nothing is
  // rejected for a power of two, and word 0 gives index 0.
  assert.equal(source.drawn, 3);
  assert.deepEqual([...order], [...expectedSwaps(3, [2, 0])]);
});

test('wide bounds (over 2^21) give the exact top 32 bits of word x bound, as BigInt arithmetic does', () => {
  const words = [0, 1, 12345, 2 ** 31, 2 ** 32 - 1, 3_000_000_007, 987_654_321];
  for (const bound of [2 ** 21 + 1, 5_000_000, 2 ** 31 + 11, 2 ** 32 - 1]) {
    const threshold = BigInt(WORD % bound);
    for (const word of words) {
      const product = BigInt(word) * BigInt(bound);
      if ((product & 0xffffffffn) < threshold) continue; // a rejected word: covered below
      const source = replay([word]);
      assert.equal(boundedIndexWide(source, bound), Number(product >> 32n), `word ${word}, bound ${bound}`);
    }
  }
  // 2^32 - 1 has threshold 1: word 0 is rejected and the next word is used.
  const source = replay([0, 2 ** 31]);
  assert.equal(boundedIndexWide(source, 2 ** 32 - 1), Number((BigInt(2 ** 31) * BigInt(2 ** 32 - 1)) >> 32n));
  assert.equal(source.drawn, 2);
});

test('a shuffle stream restored from its saved state makes the same shuffles as the original', () => {
  const original = resumableStream(9, 'shuffle');
  const first = new Int32Array(100);
  shuffledOrder(first, 0, 100, original.words);
  const resumed = resumableStream(9, 'shuffle', original.state());
  const [a, b] = [new Int32Array(100), new Int32Array(100)];
  shuffledOrder(a, 0, 100, original.words);
  shuffledOrder(b, 0, 100, resumed.words);
  assert.deepEqual([...b], [...a]);
  assert.notDeepEqual([...a], [...first]);
});

test('shuffle positions are spread evenly: each of 8 values lands in each place about 1/8 of the time', () => {
  const count = 8;
  const trials = 40000;
  const tally = Array.from({ length: count }, () => new Array<number>(count).fill(0));
  const stream = resumableStream(3, 'uniformity');
  const order = new Int32Array(count);
  for (let t = 0; t < trials; t++) {
    shuffledOrder(order, 0, count, stream.words);
    for (let place = 0; place < count; place++) tally[order[place]][place]++;
  }
  // Chi-square over the 64 cells, 49 degrees of freedom: 99.9th percentile about 85.4.
  const expected = trials / count;
  let chiSquare = 0;
  for (const row of tally) for (const observed of row) chiSquare += (observed - expected) ** 2 / expected;
  assert.ok(chiSquare < 85.4, `chi-square ${chiSquare.toFixed(1)} over 49 degrees of freedom`);
});
