// Per-parameter trainable masks as base64 bit sets in model.json: bit i of the set
// (least significant first) is 1 when parameter i trains.
import { ModelFormatError, requireString } from './json-fields.js';
import { plural } from '../units.js';

/** A 0/1 mask as a base64 bit set. */
export function encodeMask(mask: Float32Array): string {
  const bits = new Uint8Array(Math.ceil(mask.length / 8));
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) bits[i >> 3] |= 1 << (i & 7);
  let text = '';
  // btoa takes a binary string; build it in chunks to stay clear of argument limits.
  for (let i = 0; i < bits.length; i += 8192) text += String.fromCharCode(...bits.subarray(i, i + 8192));
  return btoa(text);
}

/** A base64 bit set as a 0/1 mask of `size` values, refusing text of the wrong length or with stray bits. */
export function decodeMask(value: unknown, size: number, what: string): Float32Array {
  const text = requireString(value, what);
  const expected = Math.ceil(size / 8);
  if (text.length !== 4 * Math.ceil(expected / 3)) throw new ModelFormatError(`${what} must be ${plural(expected, 'byte')} in base64 for ${plural(size, 'parameter')}`);
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new ModelFormatError(`${what} is not base64`);
  }
  if (binary.length !== expected) throw new ModelFormatError(`${what} must be ${plural(expected, 'byte')} in base64 for ${plural(size, 'parameter')}`);
  const mask = new Float32Array(size);
  for (let i = 0; i < size; i++) mask[i] = (binary.charCodeAt(i >> 3) >> (i & 7)) & 1;
  if (size % 8 !== 0 && binary.charCodeAt(expected - 1) >> (size % 8) !== 0) throw new ModelFormatError(`${what} has bits set beyond its ${size} parameters`);
  return mask;
}
