// `wasmlp experiment` against hostile sizes: each ends in one line and exit status 2,
// in bounded time and memory, before anything large is allocated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));

/** Runs the CLI with a bounded heap and time, so a regression fails instead of taking the machine. */
function wasmlp(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--max-old-space-size=1024', BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  return lines[0];
}

test('--dataset /dev/zero is refused with the limit, exit 2', () => {
  const { status, stderr } = wasmlp('experiment', '--dataset', '/dev/zero', '--max-input-mb', '2');
  assert.equal(status, 2, stderr);
  assert.match(oneLine(stderr), /^wasmlp: \/dev\/zero: it holds more than the input size limit of 2 MiB; raise it with --max-input-mb/);
});

test('a 600 MiB CSV (sparse) is refused at the default limit, exit 2', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'wasmlp-limits-')), 'big.csv');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 600 * 1024 * 1024);
  closeSync(fd);
  const { status, stderr } = wasmlp('experiment', '--dataset', path);
  assert.equal(status, 2, stderr);
  assert.match(oneLine(stderr), /the file has 600 MiB, more than the input size limit of 256 MiB/);
});

test('--max-input-mb above 500 is refused by the flag\'s check', () => {
  const { status, stderr } = wasmlp('experiment', '--max-input-mb', '600');
  assert.equal(status, 2, stderr);
  assert.match(oneLine(stderr), /--max-input-mb.*at most 500/);
});
