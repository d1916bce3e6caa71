// Fuzzing the model-file loader with fast-check: arbitrary text, valid model.json files
// with JSON edits (hostile keys such as '__proto__' included) or text edits, and weight
// bytes cut, lengthened or changed. Every input loads (and predicts) or is refused with a
// one-line RangeError (ModelFormatError), without touching Object.prototype. Bounded: a
// fixed number of runs on inputs of a few kilobytes (the timeout only guards against a hang).
import { test } from 'node:test';
import fc from 'fast-check';
import { check, runs } from '../properties/arbitraries.js';
import { jsonMutated, loadModelText, textMutated, weightsMutated } from './model-inputs.js';

test('fuzz the model loader: arbitrary text', { timeout: 120_000 }, async () => {
  await check(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.json({ maxDepth: 4 })), async (text) => {
    await loadModelText(`model.json ${JSON.stringify(text).slice(0, 300)}`, text);
  }), runs(1000));
});

test('fuzz the model loader: valid files with JSON edits, text edits and changed weight bytes', { timeout: 120_000 }, async () => {
  await check(fc.asyncProperty(fc.oneof(jsonMutated, textMutated, weightsMutated), async ({ text, weights }) => {
    await loadModelText(`model.json ${text.slice(0, 2000)} with ${weights.byteLength} weight bytes`, text, weights);
  }), runs(2000));
});
