// Models go both ways with the real TensorFlow.js: its files load here (Dense layers,
// every activation, frozen layers, an InputLayer as Keras's converter writes it) and
// predict the same; wasmlp's files load in tf.loadLayersModel, strictly, and predict the
// same; a layer wasmlp does not train is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Sequential, dense, type ModelArtifacts } from '../../src/index.js';
import { loadModel, saveModel } from '../../src/node/model-files.js';
import { bothBackends, randomLabels, randomMatrix, sameBits } from '../helpers.js';

const ROWS = 40;
const X = randomMatrix(ROWS, 7, 51);

/** What TF.js's model.save hands an IO handler. */
async function tfjsArtifacts(model: tf.LayersModel, includeOptimizer: boolean): Promise<ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer });
  return saved as unknown as ModelArtifacts;
}

function tfjsPredict(model: tf.LayersModel, x: Float32Array, inputs: number): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(x, [x.length / inputs, inputs])) as tf.Tensor).dataSync() as Float32Array);
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i])), 0);
}

// One TF.js model per output kind, together using every activation wasmlp has, with a frozen layer.
const TFJS_MODELS: { name: string; build: () => tf.Sequential; loss: string; y: () => tf.Tensor }[] = [
  {
    name: 'relu, tanh, frozen linear, sigmoid output',
    build: () => tf.sequential({
      layers: [
        tf.layers.dense({ units: 12, activation: 'relu', inputShape: [7] }),
        tf.layers.dense({ units: 6, activation: 'tanh' }),
        tf.layers.dense({ units: 5, activation: 'linear', trainable: false }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
    loss: 'binaryCrossentropy',
    y: () => tf.tensor2d(randomLabels(ROWS, 2, 52), [ROWS, 1]),
  },
  {
    name: 'frozen sigmoid, softmax output',
    build: () => tf.sequential({
      layers: [
        tf.layers.dense({ units: 10, activation: 'sigmoid', inputShape: [7], trainable: false }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
    loss: 'sparseCategoricalCrossentropy',
    y: () => tf.tensor2d(randomLabels(ROWS, 3, 53), [ROWS, 1]),
  },
];

for (const spec of TFJS_MODELS) {
  test(`a model trained in TensorFlow.js (${spec.name}) loads here, keeps its frozen layers frozen and predicts the same`, async () => {
    const model = spec.build();
    model.compile({ optimizer: tf.train.adam(0.01), loss: spec.loss, metrics: ['accuracy'] });
    await model.fit(tf.tensor2d(X, [ROWS, 7]), spec.y(), { epochs: 3, batchSize: 8, verbose: 0 });
    const expected = tfjsPredict(model, X, 7);
    const frozen = model.layers.map((layer) => !layer.trainable);
    for (const includeOptimizer of [false, true]) {
      const artifacts = await tfjsArtifacts(model, includeOptimizer);
      for (const backend of await bothBackends()) {
        const loaded = Sequential.fromArtifacts(artifacts, { backend });
        assert.deepEqual(loaded.layers.map((layer) => !layer.trainable), frozen);
        const difference = maxDifference(loaded.predict(X), expected);
        if (process.env.WASMLP_TEST_VERBOSE) console.log(`TF.js -> wasmlp (${spec.name}, ${backend.name}): largest prediction difference ${difference.toExponential(2)}`);
        assert.ok(difference <= 1e-6, `${backend.name}: predictions differ by ${difference}`);
        if (includeOptimizer) {
          // Compiled as saved, with TF.js's step count: ready to fit on.
          assert.equal(loaded.step, 3 * Math.ceil(ROWS / 8));
          assert.equal(loaded.compileConfig?.optimizer.learningRate, 0.01);
          const before = loaded.getWeights();
          const y = spec.y().dataSync() as Float32Array;
          await loaded.fit(X, y, { epochs: 2, batchSize: 8 });
          const after = loaded.getWeights();
          loaded.layers.forEach((layer, l) => {
            const unchanged = sameBits(before[2 * l], after[2 * l]) && sameBits(before[2 * l + 1], after[2 * l + 1]);
            assert.equal(unchanged, frozen[l], `${backend.name}: layer ${l + 1} ${frozen[l] ? 'changed though frozen' : 'did not train'}`);
          });
        } else {
          assert.equal(loaded.compileConfig, null);
        }
        loaded.dispose();
      }
    }
  });
}

test('a model written as Keras\'s converter writes it (model_config, InputLayer, training_config) loads the same here and in TensorFlow.js', async () => {
  const reference = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [7] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
  const saved = await tfjsArtifacts(reference, false);
  const keras = {
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            { class_name: 'InputLayer', config: { batch_input_shape: [null, 7], dtype: 'float32', sparse: false, ragged: false, name: 'dense_input' } },
            { class_name: 'Dense', config: { name: 'dense', trainable: false, dtype: 'float32', units: 4, activation: 'relu', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null } },
            { class_name: 'Dense', config: { name: 'dense_1', trainable: true, dtype: 'float32', units: 1, activation: 'sigmoid', use_bias: true } },
          ],
        },
      },
      training_config: { loss: 'binary_crossentropy', metrics: ['accuracy'], optimizer_config: { class_name: 'Adam', config: { name: 'Adam', learning_rate: 0.002, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false } } },
    },
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    weightSpecs: (saved.weightSpecs ?? []).map((w, i) => ({ ...w, name: ['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias'][i] })),
    weightData: saved.weightData,
  } as ModelArtifacts;
  const inTfjs = await tf.loadLayersModel(tf.io.fromMemory(keras as tf.io.ModelArtifacts));
  const expected = tfjsPredict(inTfjs, X, 7);
  for (const backend of await bothBackends()) {
    const loaded = Sequential.fromArtifacts(keras, { backend });
    assert.equal(loaded.inputSize, 7);
    assert.deepEqual(loaded.layers.map((layer) => [layer.name, layer.trainable]), [['dense', false], ['dense_1', true]]);
    assert.equal(loaded.compileConfig?.optimizer.learningRate, 0.002);
    assert.ok(maxDifference(loaded.predict(X), expected) <= 1e-6);
  }
});

test('a model trained here loads into TensorFlow.js with tf.loadLayersModel (strict) from its files and predicts the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-tfjs-'));
  try {
    for (const backend of await bothBackends()) {
      const model = new Sequential({ inputSize: 7, layers: [dense(9, 'tanh'), dense(6, 'relu'), dense(3, 'softmax')], backend, seed: 5 });
      model.layers[0].trainable = false;
      model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'] });
      await model.fit(X, randomLabels(ROWS, 3, 54), { epochs: 4, batchSize: 10 });
      await saveModel(model, dir);
      const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      const weights = readFileSync(join(dir, 'weights.bin'));
      const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [
        manifest.flatMap((group) => group.weights),
        weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
      ]);
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts), { strict: true });
      assert.deepEqual(loaded.layers.map((layer) => layer.trainable), [false, true, true]);
      const difference = maxDifference(tfjsPredict(loaded, X, 7), model.predict(X));
      if (process.env.WASMLP_TEST_VERBOSE) console.log(`wasmlp (${backend.name}) -> TF.js: largest prediction difference ${difference.toExponential(2)}`);
      assert.ok(difference <= 1e-6, `${backend.name}: TF.js predicts ${difference} away`);
      // TF.js compiled it from the training config and took the optimiser's step count.
      assert.equal(loaded.optimizer?.getClassName(), 'Adam');
      assert.equal((loaded.optimizer as unknown as { iterations: number }).iterations, model.step);
      loaded.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a TensorFlow.js model written to files as TF.js writes them (a shard, its optimiser) loads with loadModel', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-tfjs-files-'));
  try {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 5, activation: 'relu', inputShape: [7] }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const artifacts = await tfjsArtifacts(model, true);
    // The fields TF.js's file and HTTP handlers write, with its shard naming.
    const json = {
      modelTopology: artifacts.modelTopology, format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy,
      trainingConfig: artifacts.trainingConfig, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs ?? [] }],
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
    const [backend] = await bothBackends();
    const loaded = await loadModel(join(dir, 'model.json'), { backend });
    assert.ok(maxDifference(loaded.predict(X), tfjsPredict(model, X, 7)) <= 1e-6);
    assert.equal(loaded.compileConfig?.loss, 'categorical_crossentropy');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a model with a layer wasmlp does not train is refused with the layer\'s name and kind', async () => {
  const cases: [string, () => tf.layers.Layer, RegExp][] = [
    ['Dropout', () => tf.layers.dropout({ rate: 0.5, name: 'drop_me' }), /layer 'drop_me' is a 'Dropout'/],
    ['BatchNormalization', () => tf.layers.batchNormalization({ name: 'bn' }), /layer 'bn' is a 'BatchNormalization'/],
  ];
  const [backend] = await bothBackends();
  for (const [, make, message] of cases) {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [7] }), make(), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
    const artifacts = await tfjsArtifacts(model, false);
    assert.throws(() => Sequential.fromArtifacts(artifacts, { backend }), message);
  }
  const conv = tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [8, 8, 1], name: 'conv' }), tf.layers.flatten(), tf.layers.dense({ units: 1 })] });
  assert.throws(() => Sequential.fromArtifacts(saveSync(conv), { backend }), /input shape .*\[null,8,8,1\]|layer 'conv' is a 'Conv2D'/);
  const elu = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'elu', inputShape: [7], name: 'e' })] });
  assert.throws(() => Sequential.fromArtifacts(saveSync(elu), { backend }), /layer 'e' uses the activation 'elu'/);
});

// Topology only: enough for the refusals, which come before any weight is read.
function saveSync(model: tf.LayersModel): ModelArtifacts {
  return { modelTopology: model.toJSON(null, false) } as ModelArtifacts;
}
