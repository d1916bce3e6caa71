// Input files are read with a bound: a file over the limit, an endless stream and a gzip
// bomb are refused with the limit in the message, reading at most the limit and a byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { INPUT_LIMITS, loadDatasetFile, readBounded } from '../../src/node/datasets.js';
import { DataError } from '../../src/data/errors.js';

const MIB = 1024 * 1024;

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'wasmlp-datasets-'));
}

test('the documented limits: 256 MiB by default, at most 500 MiB (a JavaScript string\'s size)', () => {
  assert.deepEqual(INPUT_LIMITS, { defaultMiB: 256, maxMiB: 500 });
});

test('a 600 MiB file (sparse) is refused at the default limit from its size, before reading', async () => {
  const path = join(scratch(), 'big.csv');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 600 * MIB);
  closeSync(fd);
  await assert.rejects(loadDatasetFile(path), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.match(error.message, /big\.csv: the file has 600 MiB, more than the input size limit of 256 MiB; raise it with --max-input-mb \(at most 500\)/);
    return true;
  });
});

test('/dev/zero, an endless stream, is refused once it passes the limit, having read limit + 1 bytes', async () => {
  await assert.rejects(loadDatasetFile('/dev/zero', { maxMiB: 1 }), /\/dev\/zero: it holds more than the input size limit of 1 MiB/);
  await assert.rejects(readBounded('/dev/zero', 1000), /more than the input size limit of 1000 bytes/);
});

test('a stream within the limit is read whole', async () => {
  const path = join(scratch(), 'small.csv');
  writeFileSync(path, 'a,b\n1,0\n2,1\n');
  assert.equal((await readBounded(path, 12)).toString(), 'a,b\n1,0\n2,1\n');
  await assert.rejects(readBounded(path, 11), /more than the input size limit of 11 bytes/);
  const data = await loadDatasetFile(path, { maxMiB: 0.001 });
  assert.equal(data.rows, 2);
});

test('gzip that inflates beyond the limit is refused while inflating', async () => {
  const dir = scratch();
  const rows = Buffer.alloc(3 * MIB, '1,0\n');
  const path = join(dir, 'bomb.csv.gz');
  writeFileSync(path, gzipSync(Buffer.concat([Buffer.from('a,b\n'), rows])));
  await assert.rejects(loadDatasetFile(path, { maxMiB: 1 }), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.match(error.message, /bomb\.csv\.gz: inflated, it holds more than the input size limit of 1 MiB; raise it with --max-input-mb/);
    return true;
  });
  const ok = join(dir, 'ok.csv.gz');
  writeFileSync(ok, gzipSync('a,b\n1,0\n2,1\n'));
  assert.equal((await loadDatasetFile(ok, { maxMiB: 1 })).rows, 2);
});

test('a limit outside (0, 500] MiB is refused', async () => {
  await assert.rejects(loadDatasetFile('/dev/zero', { maxMiB: 501 }), /at most 500 MiB, got 501/);
  await assert.rejects(loadDatasetFile('/dev/zero', { maxMiB: 0 }), RangeError);
});
