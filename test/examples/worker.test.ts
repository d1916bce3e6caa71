// The fine-tuning Worker of examples/worker, served by workerd from its own config.capnp:
// a model pretrained here in Node is POSTed with a CSV, a trainable set and a number of
// epochs; the answer's history and model are checked against Node fine-tuning the same
// files, bit for bit, and bad input gets one line of error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sequential, dense, adam, parseCsv, artifactsFromModelJson, parseModelJson } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';
import { loadModel, saveModel } from '../../src/node/model-files.js';
import { prepareData } from '../../src/experiments/experiment.js';
import { FOUNDING_SETTINGS, experimentConfig } from '../../src/experiments/settings.js';
import { runtimeBinary } from '../runtimes/binaries.js';
import { serveWorker, type ServedWorker } from '../runtimes/children.js';
import { sameBits } from '../helpers.js';

const CONFIG = fileURLToPath(new URL('../../../examples/worker/config.capnp', import.meta.url));
const FINE_TUNE_EPOCHS = 4;

interface Answer {
  epochs: number;
  history: { loss: number[]; accuracy?: number[] };
  model: { 'model.json': unknown; 'weights.bin': string };
}

let scratch: string;
let worker: ServedWorker;
let pretrained: { modelJson: string; weights: Uint8Array; csv: string };

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'wasmlp-worker-example-'));
  // Pretrain the founding network 5 epochs on the first 400 rows; fine-tune on the other 169.
  const data = prepareData(await loadBuiltinDataset('breast-cancer'), 0, 100);
  const f = data.features;
  const model = new Sequential({ inputSize: f, layers: experimentConfig(FOUNDING_SETTINGS).hidden.map((units) => dense(units, 'relu')).concat(dense(1, 'sigmoid')), backend: await loadBackend('wasm-simd'), seed: 100 });
  model.compile({ optimizer: adam({ learningRate: 0.001 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  await model.fit(data.trainX.subarray(0, 400 * f), data.trainY.subarray(0, 400), { epochs: 5, batchSize: 32 });
  await saveModel(model, join(scratch, 'pretrained'));
  model.dispose();
  const rows = Array.from({ length: data.trainRows - 400 }, (_, r) => [...data.trainX.subarray((400 + r) * f, (401 + r) * f), data.trainY[400 + r]].join(','));
  pretrained = {
    modelJson: readFileSync(join(scratch, 'pretrained', 'model.json'), 'utf8'),
    weights: readFileSync(join(scratch, 'pretrained', 'weights.bin')),
    csv: `${[...Array.from({ length: f }, (_, c) => `f${c + 1}`), 'label'].join(',')}\n${rows.join('\n')}\n`,
  };
  worker = await serveWorker(runtimeBinary('workerd'), CONFIG, { timeoutMs: 30_000 });
});

after(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Files as files (as `curl -F name=@file` sends them), settings as plain values. */
function form(fields: Record<string, string | Uint8Array>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' && !['model.json', 'data'].includes(name)) body.append(name, value);
    else body.append(name, new Blob([typeof value === 'string' ? value : new Uint8Array(value)]), name);
  }
  return body;
}

async function post(fields: Record<string, string | Uint8Array>): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(worker.url, { method: 'POST', body: form(fields), signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown, text };
}

test('the Worker fine-tunes a pretrained model: the history, frozen layers unchanged, and a model that loads, as Node fine-tunes it', { timeout: 120_000 }, async () => {
  const { status, body, text } = await post({ 'model.json': pretrained.modelJson, 'weights.bin': pretrained.weights, data: pretrained.csv, trainable: '3', epochs: String(FINE_TUNE_EPOCHS) });
  assert.equal(status, 200, `${text} ${worker.stderr()}`);
  const answer = body as Answer;
  assert.equal(answer.epochs, FINE_TUNE_EPOCHS);
  assert.equal(answer.history.loss.length, FINE_TUNE_EPOCHS);

  // The answer's files load with wasmlp/node's loadModel.
  const dir = join(scratch, 'fine-tuned');
  const pretrainedDir = join(scratch, 'pretrained');
  await saveAnswer(answer, dir);
  const backend = await loadBackend('wasm-simd');
  const tuned = await loadModel(dir, { backend });
  const before = await loadModel(pretrainedDir, { backend });
  assert.deepEqual(tuned.layers.map((layer) => layer.trainable), [false, false, true]);
  const [tunedWeights, beforeWeights] = [tuned.getWeights(), before.getWeights()];
  for (let i = 0; i < 4; i++) assert.ok(sameBits(tunedWeights[i], beforeWeights[i]), `frozen weight array ${i} changed`);
  assert.ok(!sameBits(tunedWeights[4], beforeWeights[4]), 'the trainable layer 3 did not change');

  // Node fine-tuning the same files on the same CSV gives the same bits.
  const reference = Sequential.fromArtifacts(artifactsFromModelJson(parseModelJson(pretrained.modelJson), pretrained.weights.slice().buffer), { backend });
  reference.layers.forEach((layer, l) => { layer.trainable = l === 2; });
  const data = parseCsv(pretrained.csv, { source: 'data' });
  const history = await reference.fit(Float32Array.from(data.x), Float32Array.from(data.y), { epochs: FINE_TUNE_EPOCHS, batchSize: 32 });
  assert.deepEqual(answer.history.loss, history.history.loss);
  reference.getWeights().forEach((weights, i) => assert.ok(sameBits(tunedWeights[i], weights), `weight array ${i} differs from Node's fine-tuning`));
  assert.equal(tuned.step, reference.step);
  for (const model of [tuned, before, reference]) model.dispose();
});

test('the Worker answers bad input with 400 and one line naming the problem', { timeout: 60_000 }, async () => {
  const good = { 'model.json': pretrained.modelJson, 'weights.bin': pretrained.weights, data: pretrained.csv, trainable: '3', epochs: '2' };
  const cases: [Record<string, string | Uint8Array>, RegExp][] = [
    [{ ...good, 'weights.bin': pretrained.weights.subarray(0, 100) }, /short|bytes/],
    [{ ...good, epochs: 'many' }, /epochs must be a whole number/],
    [{ ...good, trainable: '7' }, /'7' is not a layer of this model/],
    [{ ...good, 'model.json': '{"modelTopology": ' }, /not valid JSON/],
    [{ ...good, data: 'a,b\n1,x\n2,y\n' }, /data/],
  ];
  for (const [fields, message] of cases) {
    const { status, body, text } = await post(fields);
    assert.equal(status, 400, text);
    const error = (body as { error: string }).error;
    assert.match(error, message);
    assert.doesNotMatch(error, /\n|\bat .*:\d+:\d+/, 'one line, no stack trace');
  }
});

async function saveAnswer(answer: Answer, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(answer.model['model.json']));
  writeFileSync(join(dir, 'weights.bin'), Buffer.from(answer.model['weights.bin'], 'base64'));
}
