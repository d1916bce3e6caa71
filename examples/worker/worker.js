// A Cloudflare Worker that fine-tunes a pretrained model next to its data.
//
// POST multipart/form-data with
//   model.json   the pretrained model, TensorFlow.js layers-model format (as saveModel writes it)
//   weights.bin  its weights
//   data         a CSV file (features, then a target column of class indices) or JSON {"x": [[...]], "y": [...]},
//                features prepared as the model expects them (standardised as it was pretrained)
//   trainable    optional: 'all', 'none' or 1-based layer numbers '2,3'; the model's saved flags when absent
//   epochs       how many epochs to train (1 to 1000)
//   batchSize    optional, 32 by default
// and get JSON back: { epochs, history: { loss, accuracy? }, model: { 'model.json': {...}, 'weights.bin': base64 } }.
// Bad input is answered 400 with { error: 'one line' }.
//
// Workers may not compile wasm from bytes, so the kernels come in as a module. Both imports
// resolve from an installed wasmlp (wrangler bundles them); config.capnp names them for workerd.
import * as wasmlp from 'wasmlp/bundle';
import kernels from 'wasmlp/wasm/simd.wasm';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_EPOCHS = 1000;
const USAGE = 'POST multipart/form-data with model.json, weights.bin, data, epochs and optionally trainable and batchSize';

/** Input the client can fix: answered 400 with its message. */
class BadRequest extends Error {}

// One backend per isolate: the module is compiled once and engines are reused across requests.
let backend;

export default {
  async fetch(request) {
    if (request.method !== 'POST') return Response.json({ error: USAGE }, { status: 405 });
    let job;
    try {
      job = await readJob(request);
    } catch (error) {
      return Response.json({ error: oneLine(error) }, { status: 400 });
    }
    backend ??= await wasmlp.createWasmBackend(kernels);
    let model;
    try {
      model = wasmlp.Sequential.fromArtifacts(job.artifacts, { backend });
      if (!model.compileConfig) throw new BadRequest('model.json has no trainingConfig: save the model after compile, so the Worker knows its loss and optimiser');
      applyTrainable(model, job.trainable);
      const { x, y } = parseData(job.data, model.inputSize);
      const history = await model.fit(x, y, { epochs: job.epochs, batchSize: job.batchSize });
      const artifacts = model.toArtifacts();
      return Response.json({
        epochs: history.epoch.length,
        history: history.history,
        model: { 'model.json': wasmlp.modelJsonFromArtifacts(artifacts, 'weights.bin'), 'weights.bin': base64(artifacts.weightData) },
      });
    } catch (error) {
      // Model files, data and settings are the client's: what they get wrong is a 400, in one line.
      const theirs = error instanceof BadRequest || error instanceof wasmlp.ModelFormatError || error instanceof wasmlp.DataError || error instanceof RangeError;
      return Response.json({ error: oneLine(error) }, { status: theirs ? 400 : 500 });
    } finally {
      model?.dispose();
    }
  },
};

async function readJob(request) {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) throw new BadRequest(`the request is ${length} bytes; the limit is ${MAX_BODY_BYTES}`);
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) throw new BadRequest(USAGE);
  const form = await request.formData();
  // parseModelJson bounds the text's size and nesting and refuses weight paths outside the model's folder.
  const modelJson = wasmlp.parseModelJson(await field(form, 'model.json', 'text'));
  const weights = await field(form, 'weights.bin', 'bytes');
  const epochs = wholeNumber(await field(form, 'epochs', 'text'), 'epochs', 1, MAX_EPOCHS);
  const batchText = form.has('batchSize') ? await field(form, 'batchSize', 'text') : '32';
  return {
    artifacts: wasmlp.artifactsFromModelJson(modelJson, weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)),
    data: await field(form, 'data', 'text'),
    trainable: form.has('trainable') ? (await field(form, 'trainable', 'text')).trim() : null,
    epochs,
    batchSize: wholeNumber(batchText, 'batchSize', 1, 1 << 20),
  };
}

/** A form field as text or bytes, whether it was sent as a file or as a plain value. */
async function field(form, name, as) {
  const value = form.get(name);
  if (value === null) throw new BadRequest(`the form has no '${name}' field (${USAGE})`);
  if (typeof value === 'string') return as === 'text' ? value : new TextEncoder().encode(value);
  return as === 'text' ? value.text() : new Uint8Array(await value.arrayBuffer());
}

function parseJson(text, name) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequest(`${name} is not JSON: ${error.message}`);
  }
}

function wholeNumber(text, name, min, max) {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < min || value > max) throw new BadRequest(`${name} must be a whole number from ${min} to ${max}, got '${text.trim()}'`);
  return value;
}

/** 'all', 'none' or layer numbers '2,3' (from 1): which layers train; others are frozen. */
function applyTrainable(model, trainable) {
  if (trainable === null || trainable === '') return;
  const count = model.layers.length;
  let layers;
  if (trainable === 'all') layers = model.layers.map((_, l) => l + 1);
  else if (trainable === 'none') layers = [];
  else {
    layers = trainable.split(',').map((part) => {
      const layer = Number(part.trim());
      if (!Number.isInteger(layer) || layer < 1 || layer > count) throw new BadRequest(`trainable: '${part.trim()}' is not a layer of this model (1 to ${count}), nor 'all' or 'none'`);
      return layer;
    });
  }
  model.layers.forEach((layer, l) => { layer.trainable = layers.includes(l + 1); });
}

/** Features and targets from CSV (wasmlp's CSV rules) or JSON {"x": [[...]], "y": [...]}. */
function parseData(text, inputSize) {
  let x;
  let y;
  let features;
  if (/^\s*\{/.test(text)) {
    const data = parseJson(text, 'data');
    if (!Array.isArray(data.x) || !Array.isArray(data.y) || data.x.length !== data.y.length || data.x.length === 0) {
      throw new BadRequest('data: JSON data needs "x" (rows of features) and "y" (one target per row) of the same, non-zero length');
    }
    features = Array.isArray(data.x[0]) ? data.x[0].length : -1;
    if (!data.x.every((row) => Array.isArray(row) && row.length === features)) throw new BadRequest('data: every row of "x" must be a list of the same length');
    x = Float32Array.from(data.x.flat());
    y = Float32Array.from(data.y.flat());
    if (![...x, ...y].every(Number.isFinite)) throw new BadRequest('data: "x" and "y" must hold finite numbers only');
  } else {
    const data = wasmlp.parseCsv(text, { source: 'data' });
    features = data.features;
    x = Float32Array.from(data.x);
    y = Float32Array.from(data.y);
  }
  if (features !== inputSize) throw new BadRequest(`data: rows have ${features} features; the model takes ${inputSize}`);
  return { x, y };
}

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function oneLine(error) {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
