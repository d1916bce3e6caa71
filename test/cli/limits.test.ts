// `wasmlp experiment` against hostile sizes: each ends in one line and exit status 2,
// in bounded time and memory, before anything large is allocated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
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

test('--hidden 100000,100000 is refused before any thread starts, with the sizes, exit 2', () => {
  const { status, stdout, stderr } = wasmlp('experiment', '--hidden', '100000,100000');
  assert.equal(status, 2, stderr);
  assert.equal(stdout, '');
  assert.match(oneLine(stderr), /^wasmlp: the network 30-100000-100000-1 \(10,003,300,001 parameters\) with 569 samples in batches of 32 needs 224 GiB of memory, more than the 2 GiB a model's arena can hold$/);
});

test('--hidden 11000,11000 on digits (2.73 GiB) is refused before allocation, exit 2', () => {
  const { status, stderr } = wasmlp('experiment', '--hidden', '11000,11000', '--dataset', 'digits', '--workers', '2');
  assert.equal(status, 2, stderr);
  assert.match(oneLine(stderr), /the network 64-11000-11000-10 .* with 1797 samples in batches of 32 needs 2\.73 GiB/);
});

test('--batch-size 1e9 is one batch of every row, as in Keras: the same run as --batch-size 569', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-limits-'));
  const runs = ['1e9', '569'].map((batch) => {
    const json = join(dir, `${batch}.json`);
    const { status, stderr } = wasmlp('experiment', '--batch-size', batch, '--folds', 'none', '--epochs', '3', '--train', 'all', '--json', json);
    assert.equal(status, 0, stderr);
    return (JSON.parse(readFileSync(json, 'utf8')) as { runs: { loss: number[] }[] }).runs[0].loss;
  });
  assert.deepEqual(runs[0], runs[1]);
});

test('--train every on 30 layers, too many runs and too many epochs: one line each, exit 2, nothing runs', () => {
  const deep = Array.from({ length: 29 }, () => '4').join(',');
  const cases: [string[], RegExp][] = [
    [['--hidden', deep, '--train', 'every'], /2\^30 = 1,073,741,824 subsets, more than the 1024/],
    [['--seeds', '10000', '--train', 'every', '--hidden', '4,4'], /400,000 runs \(8 sets x 10,000 seeds x 5 folds\) are more than the 10,000 one command trains; split them with --shard/],
    [['--seeds', '3000', '--epochs', '5000', '--train', 'all', '--folds', 'none'], /15,000,000 epochs to record, more than the 10,000,000/],
    [['--seeds', '10001'], /at most 10000/],
  ];
  for (const [args, message] of cases) {
    const { status, stdout, stderr } = wasmlp('experiment', ...args);
    assert.equal(status, 2, stderr);
    assert.equal(stdout, '');
    assert.match(oneLine(stderr), message);
  }
});
