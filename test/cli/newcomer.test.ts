// What a newcomer reads in `wasmlp experiment`'s output: counts in the singular when there
// is one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));

function wasmlp(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'wasmlp-newcomer-'));
}

test('one epoch, one feature, one held-out sample, one run and one thread are each said in the singular', () => {
  const csv = join(scratch(), 'one-feature.csv');
  writeFileSync(csv, `x,label\n${Array.from({ length: 10 }, (_, i) => `${i},${i % 2 ? 'a' : 'b'}`).join('\n')}\n`);
  const { status, stdout, stderr } = wasmlp(['experiment', '--dataset', csv, '--hidden', '2', '--epochs', '1', '--train', 'all', '--validation-split', '0.1', '--workers', '1']);
  assert.equal(status, 0, stderr);
  for (const phrase of ['1 feature,', '1 epoch', '1 sample (', '1 run in', 'on 1 thread']) assert.ok(stdout.includes(phrase), `'${phrase}' missing from:\n${stdout}`);
  assert.doesNotMatch(stdout, /\b1 [a-z]+s\b/, 'a count of one with a plural noun');
});

test('--train 1+1 is refused in one line that names the repeated item, exit 2, before any training', () => {
  for (const [train, item] of [['1+1', "'1' appears twice in '1\\+1'"], ['all,2+2k', "'2k' in '2\\+2k' adds nothing to '2'"]]) {
    const { status, stdout, stderr } = wasmlp(['experiment', '--dataset', 'iris', '--train', train]);
    assert.equal(status, 2, stderr);
    assert.match(stderr, new RegExp(`^wasmlp: option '--train <sets>' argument '${train.replace(/\+/g, '\\+')}' is invalid\\. ${item}`));
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.equal(stdout, '');
  }
});

test('with NO_COLOR, the founding chart draws its two sets in different characters and its legend names them', () => {
  const { status, stdout, stderr } = wasmlp(['experiment', '--epochs', '30'], { NO_COLOR: '1' });
  assert.equal(status, 0, stderr);
  assert.doesNotMatch(stdout, /\x1b\[/);
  const lines = stdout.split('\n');
  const plot = lines.filter((line) => /^ +[\d.e+-]+ [┤┼]/.test(line)).join('\n');
  assert.match(plot, /[─╰╭╮╯│]/, 'the first set\'s line');
  assert.match(plot, /[═╚╔╗╝║]/, 'the second set\'s line');
  assert.ok(lines.some((line) => /── all layers {3}══ layer 1 only/.test(line)), stdout);
});

test('no run is timed after a throwaway warm-up: no warm-up line, no warmupMs, on one thread and on several', () => {
  for (const workers of ['1', '2']) {
    const file = join(scratch(), 'r.json');
    const { status, stdout, stderr } = wasmlp(['experiment', '--dataset', 'iris', '--epochs', '5', '--seeds', '2', '--workers', workers, '--json', file]);
    assert.equal(status, 0, stderr);
    assert.doesNotMatch(stdout, /warm-up/);
    const results = JSON.parse(readFileSync(file, 'utf8')) as { warmupMs?: number; runs: { ms: number }[] };
    assert.equal(results.warmupMs, undefined);
    assert.equal(results.runs.length, 2 * 2 * 5);
    assert.ok(results.runs.every((run) => run.ms > 0));
  }
});
