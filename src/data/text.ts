// Bytes of a data file as text: UTF-8 only, checked strictly, so that bytes in another
// encoding are refused at the row and column where they stand instead of becoming
// replacement characters that silently merge distinct labels.
import { DataError } from './errors.js';

/** Decodes a CSV file's bytes (UTF-8, an optional byte order mark); refuses other encodings and binary files. */
export function decodeCsvBytes(bytes: Uint8Array, source: string): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const { row, column } = position(bytes, bad);
    throw new DataError(source, `byte 0x${bytes[bad].toString(16).padStart(2, '0')} is not UTF-8 text; save the file as UTF-8`, row, column);
  }
  const zero = bytes.indexOf(0);
  if (zero >= 0) throw new DataError(source, 'this is a binary file, not CSV text', position(bytes, zero).row);
  return new TextDecoder('utf-8').decode(bytes);
}

// The 1-based line and character of a byte offset (characters counted as UTF-8 sequences started).
function position(bytes: Uint8Array, offset: number): { row: number; column: number } {
  let row = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      row++;
      column = 1;
    } else if ((bytes[i] & 0xc0) !== 0x80) column++;
  }
  return { row, column };
}

// The offset of the first byte that breaks UTF-8 (overlong forms, surrogates and values past U+10FFFF included), or -1.
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; } else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; } else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; } else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
