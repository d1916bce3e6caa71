// Inputs for the model-file fuzzer: valid model.json texts and weight bytes from small
// models (compiled or not, with masks and a frozen layer), mutated as JSON values or
// as text, and the loader they go through (parseModelJson, artifactsFromModelJson,
// Sequential.fromArtifacts on the JS backend, then a predict on what loaded).
import fc from 'fast-check';
import {
  Sequential, artifactsFromModelJson, createJsBackend, dense, modelJsonFromArtifacts, parseModelJson, type CompileOptions,
} from '../../src/index.js';
import { cleanOutcome } from './outcome.js';

const JS = createJsBackend();

export interface ModelFile { text: string; weights: ArrayBuffer }

function validFile(compile: CompileOptions | null, masked: boolean): ModelFile {
  const model = new Sequential({ inputSize: 3, layers: [dense(4, 'relu'), dense(3, 'tanh', { trainable: !masked }), dense(2, 'softmax')], backend: JS, seed: 3 });
  if (masked) model.layers[0].setTrainableMask({ kernel: [1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1], bias: 0 });
  if (compile) {
    model.compile(compile);
    const sparse = compile.loss === 'sparseCategoricalCrossentropy';
    model.trainOnBatch([[1, 2, 3], [3, 2, 1]], sparse ? [0, 1] : [[1, 0], [0, 1]]);
  }
  const artifacts = model.toArtifacts();
  model.dispose();
  return { text: JSON.stringify(modelJsonFromArtifacts(artifacts)), weights: artifacts.weightData as ArrayBuffer };
}

export const VALID: ModelFile[] = [
  validFile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'] }, true),
  validFile({ loss: 'categoricalCrossentropy', optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } }, false),
  validFile(null, false),
];

/** Loads a model.json text with weight bytes under the fuzzing property. */
export async function loadModelText(what: string, text: string, weights: ArrayBuffer | ArrayBuffer[] = VALID[0].weights): Promise<void> {
  const model = cleanOutcome(what, () => {
    const json = parseModelJson(text);
    return Sequential.fromArtifacts(artifactsFromModelJson(json, weights), { backend: JS });
  });
  if (model instanceof Sequential) {
    cleanOutcome(`${what}: predict`, () => model.predict(new Float32Array(model.inputSize)));
    model.dispose();
  }
}

// Every path to a value inside a JSON value, the root included.
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'polluted', 'class_name', 'config', 'units', 'trainable', 'name'];
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, 0, 1, 2, 1e9, 2 ** 31, -0, 0.5, 1e308, '', 'relu', 'softmax', 'Dense', 'float32', 'int32', 'optimizer', '../x', '/etc/passwd', 'a\nb', null, [], {}),
);

type Edit = { pick: number; kind: 'replace' | 'delete' | 'addKey'; key: string; value: unknown };
const edit: fc.Arbitrary<Edit> = fc.record({ pick: fc.nat(), kind: fc.constantFrom('replace', 'delete', 'addKey'), key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 6 })), value: replacement });

// One edit of a parsed model.json; own properties are defined, never assigned, so that a
// '__proto__' key stays a key (as JSON.parse would make it) rather than a prototype.
function apply(root: unknown, { pick, kind, key, value }: Edit): unknown {
  const all = paths(root);
  const path = all[pick % all.length];
  if (path.length === 0) return kind === 'replace' ? value : root;
  let parent = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const define = (target: object, k: string | number, v: unknown): void => { Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true }); };
  if (kind === 'replace') define(parent, last, value);
  else if (kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) define(target, key, value);
  }
  return root;
}

/** A valid file with 1 to 4 JSON edits. */
export const jsonMutated: fc.Arbitrary<ModelFile> = fc.record({ base: fc.constantFrom(...VALID), edits: fc.array(edit, { minLength: 1, maxLength: 4 }) })
  .map(({ base, edits }) => ({ text: JSON.stringify(edits.reduce(apply, JSON.parse(base.text))), weights: base.weights }));

/** A valid file with characters inserted, deleted or replaced, or cut short. */
export const textMutated: fc.Arbitrary<ModelFile> = fc.record({
  base: fc.constantFrom(...VALID),
  edits: fc.array(fc.record({ at: fc.nat(), cut: fc.integer({ min: 0, max: 4 }), put: fc.oneof(fc.constantFrom('[', ']', '{', '}', '"', ',', ':', '0', '-', 'e9', '\\', 'null', '"__proto__":{"polluted":1},'), fc.string({ maxLength: 3 })) }), { minLength: 1, maxLength: 4 }),
}).map(({ base, edits }) => ({
  text: edits.reduce((text, { at, cut, put }) => { const i = at % (text.length + 1); return text.slice(0, i) + put + text.slice(i + cut); }, base.text),
  weights: base.weights,
}));

/** The weight bytes of a valid file cut short, lengthened, or with bytes changed. */
export const weightsMutated: fc.Arbitrary<ModelFile> = fc.record({
  base: fc.constantFrom(...VALID), cut: fc.integer({ min: -8, max: 8 }), flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
}).map(({ base, cut, flips }) => {
  const bytes = new Uint8Array(Math.max(0, base.weights.byteLength + cut));
  bytes.set(new Uint8Array(base.weights).subarray(0, bytes.length));
  for (const { at, value } of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
  return { text: base.text, weights: bytes.buffer };
});
