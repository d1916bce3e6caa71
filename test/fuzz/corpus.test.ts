// Replays every input that once broke a fuzzing property (test/fuzz/corpus/), so that a
// fixed bug stays fixed. CSV files are read under several choices of target column;
// model files are model.json texts, loaded with the weight bytes of a small valid model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/index.js';
import { decodeCsvBytes } from '../../src/data/text.js';
import { cleanOutcome, corpusFiles } from './outcome.js';
import { loadModelText } from './model-inputs.js';

const TARGETS = [undefined, 1, 2, 3, 4, 'label', 'no such column'];

test('the CSV corpus: every file loads or is refused with a one-line DataError/RangeError', () => {
  const files = corpusFiles('csv');
  assert.ok(files.length > 0, 'the CSV corpus is empty');
  for (const [name, bytes] of files) {
    const text = cleanOutcome(`${name}: decodeCsvBytes`, () => decodeCsvBytes(bytes, name));
    if (typeof text !== 'string') continue;
    for (const target of TARGETS) cleanOutcome(`${name}, target ${target}`, () => parseCsv(text, { source: name, target }));
  }
});

test('the model corpus: every model.json loads or is refused with a one-line RangeError', async () => {
  const files = corpusFiles('model');
  assert.ok(files.length > 0, 'the model corpus is empty');
  for (const [name, bytes] of files) await loadModelText(name, new TextDecoder().decode(bytes));
});
