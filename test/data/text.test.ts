// Data files' bytes: UTF-8 is read, anything else is refused at its row and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCsvBytes } from '../../src/data/text.js';
import { loadDatasetFile } from '../../src/node/datasets.js';

const bytes = (...parts: (string | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

test('UTF-8 (with a byte order mark, accents, CJK, emoji) decodes as text', () => {
  assert.equal(decodeCsvBytes(bytes('a,b\n1,caf\u00e9\n2,\u732b\n3,\ud83d\udc08\n'), 'f.csv'), 'a,b\n1,caf\u00e9\n2,\u732b\n3,\ud83d\udc08\n');
});

test('Latin-1, a lone continuation byte, an overlong form, a surrogate and a truncated sequence are refused where they stand', () => {
  const cases: [Uint8Array, RegExp][] = [
    [bytes('a,b\n1,caf', [0xe9], '\n'), /f\.csv:2:6: byte 0xe9 is not UTF-8 text/],
    [bytes('a,b\n1,x\n2,', [0x80]), /f\.csv:3:3: byte 0x80/],
    [bytes('a', [0xc0, 0xaf]), /f\.csv:1:2: byte 0xc0/],
    [bytes('a', [0xed, 0xa0, 0x80]), /f\.csv:1:2: byte 0xed/],
    [bytes('\u00e9,', [0xe2, 0x82]), /f\.csv:1:3: byte 0xe2/],
  ];
  for (const [input, message] of cases) assert.throws(() => decodeCsvBytes(input, 'f.csv'), message);
  assert.throws(() => decodeCsvBytes(bytes('a,b\n', [0], '\n'), 'f.csv'), /f\.csv:2: this is a binary file/);
});

test('a Latin-1 file no longer merges labels that differ only in an accented letter', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-latin1-'));
  try {
    const file = join(dir, 'labels.csv');
    writeFileSync(file, Buffer.from(bytes('x,label\n1,caf', [0xe9], '\n2,caf', [0xe8], '\n3,cafe\n')));
    await assert.rejects(loadDatasetFile(file), /labels\.csv:2:6: byte 0xe9 is not UTF-8 text; save the file as UTF-8/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
