// `wasmlp experiment`'s outputs and threads under stress: output paths checked before any
// training, folders made only for an accepted run, a failing worker thread, Ctrl-C in the
// middle of a run, and runs that diverge. Every child has a time bound; no assertion is on time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));
const WORKER_FAULT = fileURLToPath(new URL('./worker-fault.js', import.meta.url));

function wasmlp(args: string[], nodeOptions: string[] = [], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...nodeOptions, BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'wasmlp-outputs-'));
}

// Paths that refuse new entries even for root, who passes every permission check: /proc takes
// no new files (ENOENT), and a path under a regular file cannot be a folder (ENOTDIR).
test('every output path is checked before training: one line, exit 2, nothing trained or made', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'file'), 'a file the user made');
  const cases: [string[], RegExp][] = [
    [['--out', '/proc/wasmlp-test/out'], /^wasmlp: --out \/proc\/wasmlp-test\/out: cannot create the folder: cannot write in \/proc \(/],
    [['--json', '/proc/wasmlp-test.json'], /^wasmlp: --json \/proc\/wasmlp-test\.json: cannot write in \/proc \(/],
    [['--save', '/proc/self/models'], /^wasmlp: --save \/proc\/self\/models: cannot create the folder: cannot write in \/proc\/self \(/],
    [['--out', join(dir, 'file', 'out')], /cannot create the folder \(.*file is a file\)/],
    [['--json', join(dir, 'file', 'r.json')], /is not a folder/],
    [['--json', join(dir, 'missing', 'r.json')], /the folder .*missing does not exist/],
    [['--json', join(dir, 'r.json'), '--out', join(dir, 'out'), '--save', '/proc/wasmlp-test/models'], /^wasmlp: --save \/proc\/wasmlp-test\/models:/],
  ];
  for (const [args, message] of cases) {
    const { status, stdout, stderr } = wasmlp(['experiment', '--dataset', 'iris', '--epochs', '2', ...args]);
    assert.equal(status, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.equal(stdout, '', 'refused before anything is printed or trained');
  }
  assert.deepEqual(readdirSync(dir), ['file'], 'no folder, probe or output left behind');
});

test('--out DIR --json DIR/results.json works when DIR does not exist yet; a refused run leaves no folder', () => {
  const dir = scratch();
  const out = join(dir, 'new', 'deeper');
  const { status, stderr } = wasmlp(['experiment', '--dataset', 'iris', '--hidden', '4', '--epochs', '3', '--seeds', '1', '--out', out, '--json', join(out, 'results.json')]);
  assert.equal(status, 0, stderr);
  assert.deepEqual(readdirSync(out).sort(), ['loss.png', 'report.html', 'results.json'].filter((name) => name !== 'loss.png' || existsSync(join(out, 'loss.png'))));
  // Refused after the paths were checked (the dataset, then a setting): no folder made.
  for (const bad of [['--dataset', join(dir, 'no-such.csv')], ['--dataset', 'iris', '--target-fraction', '0.5']]) {
    const refused = join(dir, 'refused', 'out');
    const r = wasmlp(['experiment', ...bad, '--out', refused, '--save', join(dir, 'models'), '--json', join(refused, 'r.json')]);
    assert.equal(r.status, 2, r.stderr);
    assert.ok(!existsSync(join(dir, 'refused')) && !existsSync(join(dir, 'models')), `${bad.join(' ')} left a folder`);
  }
});

test('a worker thread that crashes, exits or runs out of memory ends the command in one line, exit 1, no folder left', () => {
  for (const fault of ['throw', 'exit', 'oom']) {
    const dir = scratch();
    const { status, stderr } = wasmlp(
      ['experiment', '--dataset', 'iris', '--workers', '2', '--epochs', '50', '--json', join(dir, 'out', 'r.json'), '--out', join(dir, 'out')],
      ['--max-old-space-size=100', '--import', WORKER_FAULT], { WASMLP_TEST_WORKER_FAULT: fault },
    );
    assert.equal(status, 1, `${fault}: ${stderr}`);
    assert.match(stderr.trim(), /^wasmlp: training thread \d (failed: (injected crash|Worker terminated due to reaching memory limit: JS heap out of memory)|stopped \(exit code 3\) before its runs were done)$/);
    assert.deepEqual(readdirSync(dir), [], `${fault}: the folder made for the run is removed`);
  }
});

/** Spawns a long experiment, sends SIGINT once its settings are printed, and resolves to its exit. */
function interrupted(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const bound = setTimeout(() => child.kill('SIGKILL'), 120_000);
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (!sent && /backend /.test(stdout)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(bound);
      resolve({ status, stdout, stderr });
    });
  });
}

for (const workers of ['1', '2']) {
  test(`Ctrl-C (${workers} thread${workers === '1' ? '' : 's'}) writes the report and JSON of the epochs done, marked interrupted, exit 130`, async () => {
    const dir = scratch();
    const json = join(dir, 'r.json');
    writeFileSync(json, 'the previous results');
    // Long enough to be interrupted, within the 10,000,000 epochs one command records (20 runs).
    const epochs = 400_000;
    const { status, stdout, stderr } = await interrupted(['experiment', '--dataset', 'iris', '--epochs', String(epochs), '--seeds', '2', '--workers', workers, '--json', json, '--out', join(dir, 'out')]);
    assert.equal(status, 130, stderr);
    assert.match(stderr, /^wasmlp: interrupted; stopping after the epochs in progress/m);
    assert.match(stderr, /^wasmlp: interrupted: 0 of 20 runs finished, \d stopped early \(marked interrupted, with their epochs so far\), \d+ not started; the outputs hold what was done$/m);
    assert.match(stdout, /^train\s+trainable params/m, 'the table of the epochs done');
    const r = JSON.parse(readFileSync(json, 'utf8')) as { interrupted?: boolean; verdict?: unknown; runs: { interrupted?: boolean; loss: number[]; accuracy: number[]; gradNorm: unknown[] }[] };
    assert.equal(r.interrupted, true);
    assert.equal(r.verdict, undefined, 'no verdict from unequal runs');
    assert.ok(r.runs.length >= 1 && r.runs.length <= Number(workers));
    for (const run of r.runs) {
      assert.equal(run.interrupted, true);
      assert.ok(run.loss.length >= 1 && run.loss.length < epochs);
      assert.equal(run.accuracy.length, run.loss.length);
      assert.equal(run.gradNorm.length, run.loss.length);
    }
    assert.ok(readFileSync(join(dir, 'out', 'report.html'), 'utf8').includes('<html'));
    assert.deepEqual(readdirSync(dir).sort(), ['out', 'r.json'], 'no temporary file left');
  });
}

test('a diverging run (--lr 1e30) writes its JSON, report and table, says so and exits 1', () => {
  for (const extra of [[], ['--folds', 'none'], ['--validation-split', '0.2', '--train', 'all']]) {
    const dir = scratch();
    const { status, stdout, stderr } = wasmlp(['experiment', '--lr', '1e30', '--epochs', '20', ...extra, '--json', join(dir, 'r.json'), '--out', join(dir, 'out')]);
    assert.equal(status, 1, stderr);
    assert.doesNotMatch(stderr, /Invalid array length|RangeError|at .*\.js/);
    assert.match(stderr, /^wasmlp: run 'all' seed 100: the loss became NaN or infinite at epoch \d+, so it stopped there; try a smaller learning rate \(--lr, now 1e\+30\)$/m);
    assert.match(stdout, /^all\s+\d+ of \d+\s+.*diverged/m);
    const r = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { runs: { divergedAt?: number; loss: (number | null)[] }[] };
    assert.ok(r.runs.some((run) => run.divergedAt !== undefined && run.loss.length === run.divergedAt));
    assert.ok(readFileSync(join(dir, 'out', 'report.html'), 'utf8').includes('<html'));
  }
});

test('an output that fails to write after training (/dev/full) names itself in one line, exit 1', () => {
  const { status, stdout, stderr } = wasmlp(['experiment', '--dataset', 'iris', '--hidden', '4', '--epochs', '2', '--seeds', '1', '--json', '/dev/full']);
  assert.equal(status, 1, stderr);
  assert.match(stdout, /^all\s+/m, 'the table was printed');
  assert.equal(stderr, 'wasmlp: --json /dev/full: cannot be written (ENOSPC)\n');
});
