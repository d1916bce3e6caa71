// Reading untrusted JSON (a model file someone sent): own properties only, each
// with its type checked, so that '__proto__', 'constructor' or a wrong type is
// one clear error and never a walk up the prototype chain.
import { oneLine } from '../units.js';

/** A model file that wasmlp cannot or will not load; the message says what and where. */
export class ModelFormatError extends RangeError {
  override name = 'ModelFormatError';

  // Messages quote the file's strings (and JSON.parse's, which quote the text): kept to one line.
  constructor(message: string) {
    super(oneLine(message));
  }
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key` of a record (undefined when it has none). */
export function field(record: JsonRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The first of several spellings a record has as its own property (Keras writes snake_case, TF.js camelCase). */
export function fieldOf(record: JsonRecord, keys: readonly string[]): unknown {
  for (const key of keys) if (Object.hasOwn(record, key)) return record[key];
  return undefined;
}

export function requireRecord(value: unknown, what: string): JsonRecord {
  if (!isRecord(value)) throw new ModelFormatError(`${what} must be an object, got ${describe(value)}`);
  return value;
}

export function requireArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new ModelFormatError(`${what} must be an array, got ${describe(value)}`);
  return value;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ModelFormatError(`${what} must be a string, got ${describe(value)}`);
  return value;
}

/** A whole number in [min, max]. */
export function requireCount(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ModelFormatError(`${what} must be a whole number from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** A finite number (a learning rate, a beta). */
export function requireNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ModelFormatError(`${what} must be a finite number, got ${describe(value)}`);
  return value;
}

/** Refuses keys other than those listed, so that a misspelt or foreign setting is never ignored. */
export function onlyKeys(record: JsonRecord, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw new ModelFormatError(`${what} has an unknown key '${key}' (expected ${allowed.join(', ')})`);
  }
}

/** A short, safe rendering of a value for a message. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
