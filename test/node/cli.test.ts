// The command line as a user runs it: the founding experiment's printed answer, and bad options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the founding experiment prints both epoch-100 losses; all layers end clearly lower than layer 1 alone', () => {
  const { status, stdout, stderr } = run('founding');
  assert.equal(status, 0, stderr);
  const losses = [...stdout.matchAll(/epoch 100: loss (\d+\.\d+)\s+accuracy (\d+\.\d+)/g)].map((m) => Number(m[1]));
  assert.equal(losses.length, 2, stdout);
  assert.match(stdout, /all layers trainable\s+\(641 of 641 params\)/);
  assert.match(stdout, /only layer 1 trainable\s+\(496 of 641 params\)/);
  assert.ok(losses[0] < 0.5 * losses[1], `all layers ${losses[0]} vs layer 1 only ${losses[1]}`);
});

test('bad options end in one line on stderr and exit status 2', () => {
  for (const args of [['founding', '--epochs', '0'], ['founding', '--backend', 'gpu'], ['nonsense']]) {
    const { status, stderr, stdout } = run(...args);
    assert.equal(status, 2, `${args.join(' ')}: ${stderr}`);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.doesNotMatch(stderr, /at .*\.js:\d+/);
    assert.equal(stdout, '');
  }
});
