// Hostile model files: each is refused with one clear error before the model takes
// any memory (the backend is never asked for an engine) and without touching
// Object.prototype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFormatError, Sequential, dense, type Backend, type ModelArtifacts, type WeightSpec } from '../../src/index.js';
import { loadModel, saveModel } from '../../src/node/model-files.js';
import { bothBackends } from '../helpers.js';

/** A backend that counts the engines asked of it. */
function countingBackend(inner: Backend): Backend & { engines: number } {
  const counting = {
    name: inner.name,
    engines: 0,
    createEngine() { counting.engines++; return inner.createEngine(); },
    releaseEngine: inner.releaseEngine,
  };
  return counting;
}

async function goodArtifacts(): Promise<ModelArtifacts> {
  const [backend] = await bothBackends();
  const model = new Sequential({ inputSize: 3, layers: [dense(4, 'relu'), dense(2, 'softmax')], backend, seed: 1 });
  model.compile({ loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit([[1, 2, 3], [3, 2, 1]], [0, 1], { epochs: 1 });
  model.layers[0].setTrainableMask({ bias: 0 });
  const artifacts = model.toArtifacts();
  model.dispose();
  return artifacts;
}

// A deep copy to mutate; the weight data as a plain copy too.
type Mutable = Omit<ModelArtifacts, 'weightData'> & { weightSpecs: WeightSpec[]; weightData: ArrayBuffer; modelTopology: any };
function copy(artifacts: ModelArtifacts): Mutable {
  return { ...JSON.parse(JSON.stringify({ ...artifacts, weightData: undefined })), weightData: (artifacts.weightData as ArrayBuffer).slice(0) };
}

function floatsOf(a: Mutable, name: string): Float32Array {
  let offset = 0;
  for (const spec of a.weightSpecs) {
    const count = spec.shape.reduce((x, y) => x * y, 1);
    if (spec.name === name) return new Float32Array(a.weightData, offset, count);
    offset += count * 4;
  }
  throw new Error(`no ${name}`);
}

const MUTATIONS: [string, (a: Mutable) => unknown, RegExp][] = [
  ['a kernel of the wrong shape', (a) => { a.weightSpecs[0].shape = [4, 3]; }, /weight 'dense_1\/kernel' has shape \[4, 3\], but the model needs \[3, 4\]/],
  ['a missing bias', (a) => {
    a.weightSpecs = a.weightSpecs.filter((s) => s.name !== 'dense_2/bias');
    const bytes = new Uint8Array(a.weightData);
    a.weightData = Uint8Array.from([...bytes.subarray(0, 96), ...bytes.subarray(104)]).buffer;
  }, /the weights have no 'dense_2\/bias' \(layer 2's bias\)/],
  ['an extra weight', (a) => { a.weightSpecs.splice(4, 0, { name: 'stray/kernel', shape: [1], dtype: 'float32' }); a.weightData = concat(a.weightData, 4, 16 * 4 + 0); }, /weight 'stray\/kernel' belongs to no layer/],
  ['weight data shorter than the entries', (a) => { a.weightData = a.weightData.slice(0, a.weightData.byteLength - 4); }, /too short/],
  ['weight data longer than the entries', (a) => { a.weightData = concat(a.weightData, 4, a.weightData.byteLength); }, /too long/],
  ['a float16 weight', (a) => { (a.weightSpecs[1] as { dtype: string }).dtype = 'float16'; }, /weight 'dense_1\/bias' is 'float16'; wasmlp takes float32/],
  ['an int32 kernel', (a) => { (a.weightSpecs[0] as { dtype: string }).dtype = 'int32'; }, /is 'int32'; wasmlp takes float32/],
  ['a quantized weight', (a) => { (a.weightSpecs[0] as unknown as Record<string, unknown>).quantization = { dtype: 'uint8', scale: 1, min: 0 }; }, /quantized/],
  ['a NaN weight', (a) => { floatsOf(a, 'dense_1/kernel')[5] = NaN; }, /weight 'dense_1\/kernel' holds NaN at 5; weights must be finite/],
  ['an infinite moment', (a) => { floatsOf(a, 'dense_2/kernel/v')[0] = -Infinity; }, /weight 'dense_2\/kernel\/v' holds -Infinity/],
  ['a model too large for wasm memory', (a) => { a.modelTopology.config.layers[0].config.units = 100000; a.modelTopology.config.layers[0].config.batch_input_shape = [null, 100000]; }, /needs 1?[0-9.]+ GiB of memory, more than the/],
  ['an unknown activation', (a) => { a.modelTopology.config.layers[0].config.activation = 'swish'; }, /layer 'dense_1' uses the activation 'swish'/],
  ['the activation "constructor"', (a) => { a.modelTopology.config.layers[0].config.activation = 'constructor'; }, /uses the activation 'constructor'/],
  ['the loss "toString"', (a) => { (a.trainingConfig as Record<string, unknown>).loss = 'toString'; }, /loss 'toString' is not one wasmlp trains/],
  ['the optimizer "__proto__"', (a) => { (a.trainingConfig as { optimizer_config: Record<string, unknown> }).optimizer_config.class_name = '__proto__'; }, /optimizer '__proto__' is not one/],
  ['a layer kind "constructor"', (a) => { a.modelTopology.config.layers[1].class_name = 'constructor'; }, /layer 'dense_2' is a 'constructor'/],
  ['a negative width', (a) => { a.modelTopology.config.layers[1].config.units = -2; }, /units must be a whole number from 1/],
  ['a fractional width', (a) => { a.modelTopology.config.layers[1].config.units = 2.5; }, /units must be a whole number from 1/],
  ['a mask of the wrong length', (a) => { (a.wasmlp as any).masks.dense_1.kernel = 'AAAA'; }, /kernel mask must be 2 bytes in base64 for 12 parameters/],
  ['an unknown key in the wasmlp state', (a) => { (a.wasmlp as any).extra = 1; }, /unknown key 'extra'/],
  ['a shuffle state out of range', (a) => { (a.wasmlp as any).shuffle.s0 = 7; }, /shuffle state/],
  ['a step count that is not whole', (a) => { a.weightSpecs.find((s) => s.name === 'iter')!.dtype = 'float32'; new Float32Array(a.weightData, 4 * 26, 1)[0] = 1.5; }, /'iter' holds 1.5/],
  ['a regularizer', (a) => { a.modelTopology.config.layers[0].config.kernel_regularizer = { class_name: 'L1L2', config: { l1: 0.1 } }; }, /sets kernel_regularizer/],
  ['a functional model', (a) => { a.modelTopology.class_name = 'Model'; }, /the model is a 'Model', not a 'Sequential'/],
  ['no weights at all', (a) => { delete (a as Partial<ModelArtifacts>).weightSpecs; delete (a as Partial<ModelArtifacts>).weightData; }, /has no weights/],
  ['weight data that is a string', (a) => { (a as unknown as Record<string, unknown>).weightData = 'AAAA'; }, /weightData must be an ArrayBuffer/],
];

function concat(buffer: ArrayBuffer, extra: number, at: number): ArrayBuffer {
  const out = new Uint8Array(buffer.byteLength + extra);
  out.set(new Uint8Array(buffer, 0, at), 0);
  out.set(new Uint8Array(buffer, at), at + extra);
  return out.buffer;
}

test('every hostile variant of a model is refused with its own message, before any engine is made', async () => {
  const good = await goodArtifacts();
  const [inner] = await bothBackends();
  assert.equal(Sequential.fromArtifacts(copy(good), { backend: inner }).layers.length, 2);
  for (const [what, mutate, message] of MUTATIONS) {
    const artifacts = copy(good);
    mutate(artifacts);
    const backend = countingBackend(inner);
    assert.throws(() => Sequential.fromArtifacts(artifacts, { backend }), (error: Error) => {
      assert.ok(error instanceof RangeError, `${what}: ${error.name} ${error.message}`);
      assert.match(error.message, message, what);
      return true;
    }, what);
    assert.equal(backend.engines, 0, `${what}: an engine was made before the refusal`);
  }
});

test('__proto__ and constructor keys in model.json neither pollute prototypes nor get read as settings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-hostile-'));
  try {
    const [backend] = await bothBackends();
    const model = new Sequential({ inputSize: 3, layers: [dense(4, 'relu', { name: '__proto__' }), dense(1, 'sigmoid', { name: 'constructor' })], backend, seed: 1 });
    model.compile({ loss: 'binaryCrossentropy' });
    model.layers[0].setTrainableMask({ kernel: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0] });
    await saveModel(model, dir);
    const text = readFileSync(join(dir, 'model.json'), 'utf8')
      .replace('{"modelTopology":', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"modelTopology":');
    writeFileSync(join(dir, 'model.json'), text);
    const loaded = await loadModel(dir, { backend });
    assert.deepEqual(loaded.layers.map((layer) => layer.name), ['__proto__', 'constructor']);
    assert.deepEqual(Array.from(loaded.layers[0].getTrainableMask().kernel), [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files: nesting, paths outside the folder, links, short and long weight files, text that is not JSON', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wasmlp-hostile-files-'));
  const dir = join(root, 'model');
  try {
    const [inner] = await bothBackends();
    const model = new Sequential({ inputSize: 3, layers: [dense(2, 'sigmoid')], backend: inner, seed: 1 });
    await saveModel(model, dir);
    const good = readFileSync(join(dir, 'model.json'), 'utf8');
    const weights = readFileSync(join(dir, 'weights.bin'));
    writeFileSync(join(root, 'secret.bin'), weights);
    const cases: [string, () => void, RegExp][] = [
      ['deep nesting', () => writeFileSync(join(dir, 'model.json'), `${'['.repeat(200000)}${']'.repeat(200000)}`), /nests 200000 levels deep, more than the 64/],
      ['not JSON', () => writeFileSync(join(dir, 'model.json'), '{"modelTopology": '), /model.json is not valid JSON/],
      ['a parent path', () => writeFileSync(join(dir, 'model.json'), good.replace('"weights.bin"', '"../secret.bin"')), /'..\/secret.bin' leaves the model's folder/],
      ['an absolute path', () => writeFileSync(join(dir, 'model.json'), good.replace('"weights.bin"', `"${join(root, 'secret.bin')}"`)), /leaves the model's folder/],
      ['a URL', () => writeFileSync(join(dir, 'model.json'), good.replace('"weights.bin"', '"https://example.invalid/w.bin"')), /leaves the model's folder/],
      ['a link out of the folder', () => {
        writeFileSync(join(dir, 'model.json'), good.replace('"weights.bin"', '"link.bin"'));
        symlinkSync(join(root, 'secret.bin'), join(dir, 'link.bin'));
      }, /'link.bin' links outside the model's folder/],
      ['a missing weights file', () => writeFileSync(join(dir, 'model.json'), good.replace('"weights.bin"', '"gone.bin"')), /'gone.bin' is missing/],
      ['a short weights file', () => { writeFileSync(join(dir, 'model.json'), good); writeFileSync(join(dir, 'weights.bin'), weights.subarray(0, 8)); }, /hold 8 bytes, but the weight entries describe 32: the weights file is too short/],
      ['a long weights file', () => writeFileSync(join(dir, 'weights.bin'), Buffer.concat([weights, weights])), /hold 64 bytes, .* too long/],
    ];
    for (const [what, prepare, message] of cases) {
      prepare();
      const backend = countingBackend(inner);
      await assert.rejects(loadModel(dir, { backend }), (error: Error) => {
        assert.ok(error instanceof ModelFormatError, `${what}: ${error.name}: ${error.message}`);
        assert.match(error.message, message, what);
        assert.ok(error.message.startsWith(join(dir, 'model.json')), `${what}: the message names the file`);
        return true;
      });
      assert.equal(backend.engines, 0, what);
    }
    // TensorFlow.js's browser downloads name the weights './<name>.weights.bin'.
    writeFileSync(join(dir, 'model.json'), good.replace('"weights.bin"', '"./weights.bin"'));
    writeFileSync(join(dir, 'weights.bin'), weights);
    assert.equal((await loadModel(dir, { backend: inner })).layers.length, 1);
    mkdirSync(join(root, 'empty'));
    await assert.rejects(loadModel(join(root, 'empty'), { backend: inner }), /empty\/model.json: no such file/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('setWeights refuses NaN, infinities and values float32 cannot hold', async () => {
  const [backend] = await bothBackends();
  const model = new Sequential({ inputSize: 2, layers: [dense(1, 'sigmoid')], backend });
  for (const bad of [NaN, Infinity, 1e39]) {
    assert.throws(() => model.setWeights([[1, bad], [0]]), /layer 1 kernel weight 1 is .*not a finite float32 number/);
  }
  model.setWeights([[1, 3e38], [0]]);
});
