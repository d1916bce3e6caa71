// The fuzzers' one property: an input either loads or is refused with a DataError or a
// RangeError (ModelFormatError is one) whose message is one line; never another error
// type, and never a change to Object.prototype or Array.prototype. Inputs that once broke
// it are kept under test/fuzz/corpus/ and replayed by corpus.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { DataError } from '../../src/index.js';

/** The corpus folder of the sources (the compiled tests run from dist/test/fuzz). */
export const CORPUS = new URL('../../../test/fuzz/corpus/', import.meta.url);

function prototypeKeys(): string {
  return [Object.prototype, Array.prototype, Function.prototype].map((p) => Reflect.ownKeys(p).map(String).sort().join()).join('|');
}
const CLEAN = prototypeKeys();

/** Runs `load` and checks the property; returns what it loaded, or the error it refused with. */
export function cleanOutcome<T>(what: string, load: () => T): T | Error {
  let result: T | Error;
  try {
    result = load();
  } catch (error) {
    const name = (error as Error)?.constructor?.name ?? typeof error;
    assert.ok(error instanceof DataError || error instanceof RangeError, `${what}: threw ${name}, not a DataError or RangeError: ${String((error as Error)?.stack ?? error)}`);
    assert.ok(error.message.length > 0 && !/[\r\n]/.test(error.message), `${what}: the message is not one line: ${JSON.stringify(error.message)}`);
    result = error;
  }
  assert.equal(prototypeKeys(), CLEAN, `${what}: a prototype was polluted`);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, `${what}: Object.prototype was polluted`);
  return result;
}

/** The files of one corpus folder, as [name, bytes]. */
export function corpusFiles(folder: 'csv' | 'model'): [string, Uint8Array][] {
  const dir = new URL(`${folder}/`, CORPUS);
  return readdirSync(dir).filter((name) => !name.startsWith('.')).sort().map((name) => [name, new Uint8Array(readFileSync(new URL(name, dir)))]);
}
