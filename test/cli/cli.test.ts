// `wasmlp experiment` as a user runs it: the founding comparison, its outputs,
// user CSVs, every kind of bad input, divergence, and parallel runs equal to serial ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));
/** A `node --import` module that hides the PNG renderer's packages from module resolution. */
const WITHOUT_PNG_PACKAGES = fileURLToPath(new URL('./hide-packages.js', import.meta.url));

function wasmlp(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return run([], args);
}

function run(nodeOptions: string[], args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...nodeOptions, BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'wasmlp-cli-'));
}

interface Results {
  dataset: { name: string; samples: number; features: number; classes: number };
  layers: number[];
  backend: string;
  runs: {
    train: string; seed: number; fold: number; trainableParams: number; loss: number[]; accuracy: number[];
    valLoss?: number[]; valAccuracy?: number[]; gradNorm: (number | null)[][]; ms: number;
  }[];
}

function results(path: string): Results {
  return JSON.parse(readFileSync(path, 'utf8')) as Results;
}

test('--folds none reproduces the founding experiment; all layers end lower than layer 1 alone on each of 5 seeds', () => {
  const dir = scratch();
  const { status, stdout, stderr } = wasmlp('experiment', '--folds', 'none', '--seeds', '5', '--json', join(dir, 'r.json'));
  assert.equal(status, 0, stderr);
  assert.match(stdout, /breast-cancer: 569 samples, 30 features, 2 classes/);
  assert.match(stdout, /network 30-16-8-1/);
  assert.match(stdout, /^all\s+641 of 641\s+\d\.\d{4} ± \d\.\d{4}/m);
  assert.match(stdout, /^1\s+496 of 641/m);
  const r = results(join(dir, 'r.json'));
  assert.deepEqual(r.layers, [30, 16, 8, 1]);
  assert.equal(r.runs.length, 10);
  assert.ok(r.runs.every((run) => run.valLoss === undefined), 'no held-out rows, no held-out curves');
  for (let seed = 100; seed < 105; seed++) {
    const all = r.runs.find((run) => run.train === 'all' && run.seed === seed);
    const first = r.runs.find((run) => run.train === '1' && run.seed === seed);
    assert.ok(all && first, `seed ${seed} missing`);
    assert.ok(all.loss[99] < first.loss[99], `seed ${seed}: all ${all.loss[99]} vs 1 ${first.loss[99]}`);
  }
});

test('by default every run is judged on a held-out fold: 5 stratified folds per seed, each run with its fold', () => {
  const dir = scratch();
  const { status, stdout, stderr } = wasmlp('experiment', '--dataset', 'iris', '--hidden', '6', '--epochs', '5', '--seeds', '2', '--json', join(dir, 'r.json'));
  assert.equal(status, 0, stderr);
  assert.match(stdout, /held out: 5-fold stratified cross-validation/);
  assert.match(stdout, /mean held-out loss per epoch/);
  const r = results(join(dir, 'r.json')) as Results & { config: { folds: number; heldOut: string } };
  assert.deepEqual([r.config.folds, r.config.heldOut], [5, 'folds']);
  assert.deepEqual(r.runs.map((run) => `${run.train}/${run.seed}/${run.fold}`).slice(0, 6), ['all/100/1', 'all/100/2', 'all/100/3', 'all/100/4', 'all/100/5', 'all/101/1']);
  assert.equal(r.runs.length, 2 * 2 * 5);
  assert.ok(r.runs.every((run) => run.valLoss?.length === 5 && run.valLoss.every(Number.isFinite)));
  const byKey = new Map(r.runs.map((run) => [`${run.train}/${run.seed}/${run.fold}`, run]));
  assert.notDeepEqual(byKey.get('all/100/1')?.valLoss, byKey.get('all/100/2')?.valLoss, 'folds hold out different rows');
});

test('--json follows the documented schema, with validation fields when there is a split', () => {
  const dir = scratch();
  const file = join(dir, 'r.json');
  const { status, stderr } = wasmlp('experiment', '--dataset', 'iris', '--hidden', '6', '--epochs', '7', '--validation-split', '0.2', '--train', 'all,2', '--json', file);
  assert.equal(status, 0, stderr);
  const r = results(file);
  assert.deepEqual(r.dataset, { ...r.dataset, name: 'iris', samples: 150, features: 4, classes: 3 });
  assert.deepEqual(r.layers, [4, 6, 3]);
  assert.equal(r.backend, 'wasm-simd');
  assert.equal(r.runs.length, 2);
  for (const run of r.runs) {
    assert.equal(run.seed, 100);
    for (const key of ['loss', 'accuracy', 'valLoss', 'valAccuracy'] as const) {
      assert.equal(run[key]?.length, 7, key);
      assert.ok(run[key]?.every((v) => typeof v === 'number' && Number.isFinite(v)), key);
    }
    assert.equal(run.gradNorm.length, 7);
    assert.ok(run.gradNorm.every((norms) => norms.length === 2));
    assert.ok(typeof run.ms === 'number' && run.ms > 0);
  }
  const second = r.runs.find((run) => run.train === '2');
  assert.equal(second?.trainableParams, 21);
  assert.ok(second?.gradNorm.every((norms) => norms[0] === null && typeof norms[1] === 'number'));
});

test('--train every trains all 2^L subsets of a small network', () => {
  const dir = scratch();
  const { status, stderr } = wasmlp('experiment', '--dataset', 'wine', '--hidden', '5', '--epochs', '3', '--train', 'every', '--folds', 'none', '--json', join(dir, 'r.json'));
  assert.equal(status, 0, stderr);
  const r = results(join(dir, 'r.json'));
  assert.deepEqual(r.runs.map((run) => run.train), ['none', '1', '2', 'all']);
  assert.deepEqual(r.runs.map((run) => run.trainableParams), [0, 70, 18, 88]);
  const none = r.runs[0];
  assert.ok(none.loss.every((l) => l === none.loss[0]), 'a network that trains nothing changed its loss');
});

test('a user CSV with a header and string labels, target chosen by name', () => {
  const dir = scratch();
  const csv = join(dir, 'pets.csv');
  const lines = ['weight,kind,height'];
  for (let i = 0; i < 60; i++) lines.push(`${(i % 2 ? 4 : 30) + (i % 7)},${i % 2 ? 'cat' : 'dog'},${(i % 2 ? 25 : 60) + (i % 5)}`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const { status, stdout, stderr } = wasmlp('experiment', '--dataset', csv, '--target', 'kind', '--hidden', '4', '--epochs', '30', '--lr', '0.05', '--json', join(dir, 'r.json'));
  assert.equal(status, 0, stderr);
  assert.match(stdout, /60 samples, 2 features, 2 classes \(cat, dog\)/);
  const r = results(join(dir, 'r.json'));
  const all = r.runs.find((run) => run.train === 'all');
  assert.ok(all && all.accuracy[29] === 1, `accuracy ${all?.accuracy[29]}`);
});

test('--out writes a self-contained report and a real PNG of two clearly different curves', async () => {
  const dir = scratch();
  const out = join(dir, 'report');
  const { status, stdout, stderr } = wasmlp('experiment', '--out', out);
  assert.equal(status, 0, stderr);
  assert.match(stdout, /report: .*report\.html/);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import/, 'the report loads something from elsewhere');
  assert.match(html, /uPlot/);
  assert.match(html, /641 of 641/);
  const png = readFileSync(join(out, 'loss.png'));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [960, 540]);
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const image = await loadImage(png);
  const canvas = createCanvas(960, 540);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, 960, 540).data;
  let blue = 0;
  let red = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
    if (b > 140 && r < 80 && g > 90 && g < 150) blue++; // #1f77b4, the 'all' curve
    if (r > 180 && g < 70 && b < 70) red++; // #d62728, the 'layer 1' curve
  }
  assert.ok(blue > 300 && red > 300, `curve pixels: blue ${blue}, red ${red}`);
  assert.deepEqual(readdirSync(out).sort(), ['loss.png', 'report.html']);
});

test('without @napi-rs/canvas and linkedom, --out writes the report and says in one line how to add them', () => {
  const dir = scratch();
  const out = join(dir, 'report');
  const { status, stdout, stderr } = run(['--import', WITHOUT_PNG_PACKAGES], ['experiment', '--epochs', '5', '--out', out, '--json', join(dir, 'r.json')]);
  assert.equal(status, 0, stderr);
  assert.deepEqual(readdirSync(out), ['report.html']);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /641 of 641/);
  assert.equal(results(join(dir, 'r.json')).runs.length, 2 * 5);
  assert.match(stdout, /report: .*report\.html/);
  assert.doesNotMatch(stdout, /loss\.png/);
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.match(stderr, /^wasmlp: .*loss\.png not written: .*'npm install @napi-rs\/canvas linkedom'/);
});

test('parallel runs give exactly the results of serial runs', () => {
  const dir = scratch();
  const args = ['experiment', '--dataset', 'iris', '--hidden', '8,4', '--epochs', '20', '--seeds', '3', '--train', 'all,1,3,bias'];
  assert.equal(wasmlp(...args, '--workers', '1', '--json', join(dir, 'serial.json')).status, 0);
  assert.equal(wasmlp(...args, '--workers', '2', '--json', join(dir, 'parallel.json')).status, 0);
  const strip = (r: Results) => r.runs.map(({ ms: _ms, ...rest }) => rest);
  const serial = results(join(dir, 'serial.json'));
  assert.equal(serial.runs.length, 4 * 3 * 5);
  assert.deepEqual(strip(results(join(dir, 'parallel.json'))), strip(serial));
});

test('bad input: one line naming file, row and column; exit 2; no output written', () => {
  const dir = scratch();
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const good = Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'a' : 'b'}`).join('\n');
  const cases: [string[], RegExp][] = [
    [['--dataset', join(dir, 'missing.csv')], /missing\.csv: no such file/],
    [['--dataset', file('empty.csv', '')], /empty\.csv: the file is empty/],
    [['--dataset', file('ragged.csv', `x,y,label\n${good}\n1,2\n`)], /ragged\.csv:22: 2 columns, expected 3/],
    [['--dataset', file('text.csv', `x,y,label\n1,2,a\n3,four,b\n`)], /text\.csv:3:2: 'four' is not a number \(column 'y'\)/],
    [['--dataset', file('hole.csv', `x,y,label\n1,2,a\n3,,b\n`)], /hole\.csv:3:2: missing value \(column 'y'\)/],
    [['--dataset', file('good.csv', `x,y,label\n${good}\n`), '--target', 'colour'], /good\.csv: no target column 'colour'/],
    [['--dataset', file('one.csv', 'x,y,label\n1,2,a\n3,4,a\n')], /one\.csv: the target column 'label' holds a single class/],
    [['--train', 'all,4'], /--train: layer 4 in '4' is out of range: the network has layers 1 to 3/],
    [['--batch-size', '0'], /--batch-size.*expected a whole number of at least 1/],
    [['--dataset', 'iris', '--validation-split', '0.999'], /--validation-split 0.999 of 150 samples leaves 0 to train on/],
    [['--dataset', 'nonsense'], /'nonsense' is neither a built-in dataset/],
    [['--hidden', '16,x'], /--hidden <widths>' argument '16,x' is invalid\. 'x' is not a layer width/],
    [['--json', join(dir, 'no-such-folder', 'r.json')], /--json .*: the folder .* does not exist/],
  ];
  const out = join(dir, 'out');
  for (const [args, message] of cases) {
    const { status, stdout, stderr } = wasmlp('experiment', ...args, '--out', out);
    assert.equal(status, 2, `${args.join(' ')}: status ${status}, ${stderr}`);
    assert.match(stderr, message, args.join(' '));
    assert.equal(stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, /^wasmlp: /);
    assert.doesNotMatch(stderr, /\n\s+at /);
    assert.doesNotMatch(stdout, /report:|results:/);
    assert.ok(!existsSync(join(out, 'report.html')), `${args.join(' ')} wrote a report`);
  }
});

test('a run whose loss becomes NaN stops, names the epoch and suggests a smaller learning rate', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'r.json'), 'a file the user made');
  const { status, stderr } = wasmlp('experiment', '--optimizer', 'sgd', '--lr', '1e38', '--epochs', '20', '--train', 'all', '--json', join(dir, 'r.json'));
  assert.equal(status, 1);
  assert.match(stderr, /run 'all' seed 100: the loss became NaN or infinite at epoch (\d+), so it stopped there; try a smaller learning rate \(--lr, now 1e\+38\)/);
  const r = results(join(dir, 'r.json'));
  const epoch = Number(/at epoch (\d+)/.exec(stderr)?.[1]);
  assert.equal(r.runs[0].loss.length, epoch);
});

test('the founding experiment\'s outputs open with a held-out verdict built from its own numbers', () => {
  const dir = scratch();
  const { status, stdout, stderr } = wasmlp('experiment', '--json', join(dir, 'r.json'), '--out', join(dir, 'out'));
  assert.equal(status, 0, stderr);
  const verdictAt = stdout.indexOf('verdict:');
  assert.ok(verdictAt > 0 && verdictAt < stdout.indexOf('trainable params'), 'the verdict heads the comparison');
  const r = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { verdict: { sentences: string[]; comparisons: { findings: { figure: string; epoch: string; difference: number }[] }[] } };
  assert.equal(Object.keys(r)[0], 'verdict');
  assert.ok(r.verdict.sentences.length >= 3);
  // Every number a sentence gives about the best-epoch loss is the one the findings hold.
  const best = r.verdict.comparisons[0].findings.find((f) => f.figure === 'loss' && f.epoch === 'best');
  assert.ok(best, 'a best-epoch loss finding');
  // The best-epoch loss sentence gives the difference rounded to the decimals it prints (at least 3).
  const stated = r.verdict.sentences.map((sentence) => /lowest held-out loss.*(?:lower|higher) by (\d+\.(\d+))/.exec(sentence)).find((match) => match);
  assert.ok(stated, `a sentence states the best-epoch held-out loss difference: ${r.verdict.sentences.join(' | ')}`);
  const decimals = stated[2].length;
  assert.ok(decimals >= 3, stated[1]);
  assert.ok(Math.abs(Number(stated[1]) - Math.abs(best.difference)) <= 0.5 * 10 ** -decimals + 1e-12, `${stated[1]} states ${best.difference}`);
  for (const sentence of r.verdict.sentences) assert.ok(stdout.includes(sentence), `terminal lacks: ${sentence}`);
  const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
  assert.match(html, /<section class="verdict"/);
});

test('a reader that closes the pipe early (| head) ends the command quietly, with no stack trace', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [BIN, 'experiment', '--dataset', 'iris', '--epochs', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += String(chunk); });
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|at .*\.js:\d+/);
});
