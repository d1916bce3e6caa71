// `wasmlp experiment --save` and `--init`: each run's final model goes to
// <dir>/<set>-seed<N>/, a later experiment starts every run from one, in threads or not,
// and a model that does not fit the data or is not a model is one line and exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/node/model-files.js';
import { Sequential, dense } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { sameBits } from '../helpers.js';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));

function wasmlp(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'experiment', '--backend', 'wasm-simd', '--folds', 'none', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Run { train: string; seed: number; loss: number[] }

test('--save writes every run\'s model; --init starts from one, the same on one thread and two', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-models-'));
  const saved = wasmlp('--epochs', '15', '--train', 'all,1', '--save', join(dir, 'pre'));
  assert.equal(saved.status, 0, saved.stderr);
  assert.deepEqual(readdirSync(join(dir, 'pre')).sort(), ['1-seed100', 'all-seed100']);
  assert.deepEqual(readdirSync(join(dir, 'pre', 'all-seed100')).sort(), ['model.json', 'weights.bin']);
  // The saved model is the run's model: 15 epochs of Adam, layer 1 only trained in '1'.
  const backend = await loadBackend('wasm-simd');
  const all = await loadModel(join(dir, 'pre', 'all-seed100'), { backend });
  const one = await loadModel(join(dir, 'pre', '1-seed100'), { backend });
  assert.equal(all.step, 15 * 18);
  const start = new Sequential({ inputSize: 30, layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')], backend, seed: 100 }).getWeights();
  assert.ok(sameBits(one.getWeights()[2], start[2]) && sameBits(one.getWeights()[4], start[4]), 'run 1 kept layers 2 and 3 as they started');
  assert.ok(!sameBits(all.getWeights()[4], start[4]), 'run all trained layer 3');

  const fine = (workers: string) => wasmlp('--init', join(dir, 'pre', 'all-seed100'), '--train', '3,all', '--epochs', '4', '--seeds', '2', '--workers', workers, '--json', join(dir, `fine-${workers}.json`));
  const serial = fine('1');
  assert.equal(serial.status, 0, serial.stderr);
  assert.match(serial.stdout, /network 30-16-8-1 \(relu hidden, sigmoid output, binary cross-entropy\), from .*all-seed100/);
  const threads = fine('2');
  assert.equal(threads.status, 0, threads.stderr);
  const runsOf = (file: string): Run[] => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { runs: Run[] }).runs;
  assert.deepEqual(runsOf('fine-2.json').map((r) => r.loss), runsOf('fine-1.json').map((r) => r.loss));
  // Fine-tuning starts where pretraining ended: its first epoch is far below a fresh network's.
  const fresh = wasmlp('--epochs', '1', '--json', join(dir, 'fresh.json'));
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.ok(runsOf('fine-1.json')[0].loss[0] < 0.5 * runsOf('fresh.json')[0].loss[0]);
  // Seeds change the shuffles only: both seeds start from the same weights, so their first batches differ but not wildly.
  const [seedA, seedB] = runsOf('fine-1.json');
  assert.notDeepEqual(seedA.loss, seedB.loss);
});

test('with folds, each fold\'s model has a folder of its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-models-folds-'));
  const result = spawnSync(process.execPath, [BIN, 'experiment', '--dataset', 'iris', '--folds', '3', '--epochs', '2', '--train', 'all', '--save', dir], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ['all-seed100-fold1', 'all-seed100-fold2', 'all-seed100-fold3']);
});

test('a model that does not fit the data, a hidden setting beside it, and a file that is no model are refused in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-models-bad-'));
  assert.equal(wasmlp('--epochs', '1', '--train', 'all', '--save', join(dir, 'm')).status, 0);
  writeFileSync(join(dir, 'no-model.json'), '{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dropout", "config": {"name": "d"}}]}}}');
  const cases: [string[], RegExp][] = [
    [['--init', join(dir, 'm', 'all-seed100'), '--dataset', 'iris'], /^wasmlp: --init: .*model\.json: the model takes 30 inputs, but iris has 4 features\n$/],
    [['--init', join(dir, 'm', 'all-seed100'), '--hidden', '4'], /^wasmlp: --hidden does not apply with --init: the saved model sets the network\n$/],
    [['--init', join(dir, 'no-model.json')], /^wasmlp: --init: .*no-model\.json: layer 'd' is a 'Dropout': wasmlp trains Dense layers only/],
    [['--init', join(dir, 'absent')], /^wasmlp: --init: .*absent: no such file\n$/],
  ];
  for (const [args, message] of cases) {
    const { status, stdout, stderr } = wasmlp(...args);
    assert.equal(status, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
    assert.doesNotMatch(stdout, /runs? in/, 'nothing trained');
  }
});
