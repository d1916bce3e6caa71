// Fuzzing the CSV reader (decodeCsvBytes, then parseCsv) with fast-check: arbitrary
// text, text over CSV's own alphabet, arbitrary bytes and mutated valid files, each
// under every way of choosing the target. Bounded: a fixed number of runs of inputs
// of a few kilobytes at most (the node:test timeout only guards CI against a hang).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseCsv } from '../../src/index.js';
import { decodeCsvBytes } from '../../src/data/text.js';
import { check, runs } from '../properties/arbitraries.js';
import { cleanOutcome } from './outcome.js';

const IRIS = readFileSync(new URL('../../../data/iris.csv', import.meta.url), 'utf8').split('\n').slice(0, 25).join('\n');
const VALID = [
  IRIS,
  'a,b,label\n1,2,x\n3,4,y\n5,6,x\n',
  'a;b;label\r\n1,5;2;x\r\n3;4;y\r\n',
  'f1\tf2\tclass\n1\t2\t0\n3\t4\t1\n',
  '"a ""q""",b,c\n"1",2,"x\ny"\n3,4,z\n',
  '\uFEFFx,y\n1,0\n2,1\nNA,1\n',
  '3,2,u,v\n1,2,0\n3,4,1\n5,6,1\n',
];
const PIECES = [',', ';', '\t', '\n', '\r', '\r\n', '"', '""', ' ', '1', '0', '-2', '.5', '1e3', 'NaN', 'na', '?', 'x', 'class', '\uFEFF', '\0', '__proto__', 'constructor', 'é', '\u2028'];

const target = fc.option(fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constantFrom('label', 'class', 'b', '__proto__', 'toString', ''), fc.string({ maxLength: 5 })), { nil: undefined });
const csvAlphabet = fc.array(fc.constantFrom(...PIECES), { maxLength: 200 }).map((parts) => parts.join(''));

/** A valid file with a few characters inserted, deleted or replaced. */
const mutated = fc.record({
  base: fc.constantFrom(...VALID),
  edits: fc.array(fc.record({ at: fc.nat(), cut: fc.integer({ min: 0, max: 3 }), put: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3, unit: 'binary' })) }), { minLength: 1, maxLength: 6 }),
}).map(({ base, edits }) => edits.reduce((text, { at, cut, put }) => {
  const i = at % (text.length + 1);
  return text.slice(0, i) + put + text.slice(i + cut);
}, base));

function parse(text: string, options: { target?: string | number }): unknown {
  return cleanOutcome(`parseCsv(${JSON.stringify(text).slice(0, 200)}, target ${JSON.stringify(options.target)})`, () => parseCsv(text, { source: 'fuzz.csv', ...options }));
}

test('fuzz parseCsv: text, CSV-alphabet text and mutated files load or give a one-line DataError/RangeError', { timeout: 120_000 }, async () => {
  await check(fc.property(fc.oneof(fc.string({ maxLength: 300, unit: 'binary' }), csvAlphabet, mutated), target, (text, t) => { parse(text, { target: t }); }), runs(3000));
});

test('fuzz decodeCsvBytes then parseCsv: arbitrary and mutated UTF-8 bytes', { timeout: 120_000 }, async () => {
  const encoded = mutated.map((text) => new TextEncoder().encode(text));
  const flipped = fc.record({ bytes: encoded, flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }) })
    .map(({ bytes, flips }) => {
      const out = bytes.slice();
      for (const { at, value } of flips) if (out.length > 0) out[at % out.length] = value;
      return out;
    });
  await check(fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), encoded, flipped), target, (bytes, t) => {
    const text = cleanOutcome(`decodeCsvBytes(${Buffer.from(bytes).toString('base64').slice(0, 200)})`, () => decodeCsvBytes(bytes, 'fuzz.csv'));
    if (typeof text === 'string') parse(text, { target: t });
  }), runs(2000));
});
