// Reference engine: TensorFlow.js (tf.layers, as a Keras user would write it) on its pure-JS
// cpu backend or its WebAssembly backend, training the benchmark's workloads.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Engine } from '../engine.js';
import type { Workload } from '../workloads.js';

// Production mode only turns off tfjs' console logging (the "install tfjs-node to speed things
// up" hint on first use of the cpu backend, deprecation notes); no kernel changes.
tf.enableProdMode();

let wasmInit: Promise<string | null> | undefined;

/**
 * Registers and initialises the wasm backend once per process (setWasmPaths may not be called
 * after a failed init). Resolves to null when it works, else why not.
 */
function initWasm(): Promise<string | null> {
  wasmInit ??= (async () => {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // In Node the Emscripten loader reads the .wasm with fs, so a plain directory path works;
      // the package's own default (next to the bundle) is not where npm puts the binaries.
      const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(dirname(entry) + '/');
      const previous = tf.getBackend();
      if (!(await tf.setBackend('wasm'))) return 'tfjs wasm backend failed to initialise';
      await tf.ready();
      if (previous && previous !== 'wasm') await tf.setBackend(previous);
      return null;
    } catch (err) {
      return `tfjs wasm backend unavailable: ${(err as Error).message ?? err}`.split('\n')[0];
    }
  })();
  return wasmInit;
}

/** Which wasm binary tfjs picks here, e.g. 'SIMD, single-threaded'. */
export async function tfjsWasmFlavour(): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  // tfjs 4.x reports no multithread support under Node (its worker set-up is browser-only).
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'multi-threaded' : 'single-threaded'}`;
}

/** The workload's network as a Keras-style Sequential model; layers not in `trainable` are frozen. */
function buildModel(w: Workload, trainable: number[]): tf.Sequential {
  const model = tf.sequential();
  const last = w.sizes.length - 1;
  for (let l = 1; l <= last; l++) {
    model.add(tf.layers.dense({
      units: w.sizes[l],
      inputShape: l === 1 ? [w.sizes[0]] : undefined,
      activation: l === last ? w.output : w.hiddenActivation,
      kernelInitializer: 'glorotUniform',
      biasInitializer: 'zeros',
    }));
  }
  // Freezing before compile is what Keras requires for the flag to take effect.
  model.layers.forEach((layer, i) => { layer.trainable = trainable.includes(i + 1); });
  return model;
}

/** A TensorFlow.js engine on the given backend. */
export function tfjsEngine(backend: 'cpu' | 'wasm'): Engine {
  const made: tf.Tensor[] = [];
  const engine: Engine = {
    name: `TF.js ${tf.version.tfjs} ${backend}`,

    async unavailable() {
      if (backend === 'cpu') return null;
      const reason = await initWasm();
      if (reason == null) engine.name = `TF.js ${tf.version.tfjs} wasm (${await tfjsWasmFlavour()})`;
      return reason;
    },

    async prepare(w) {
      // Only one backend is active per process: claim ours each time so engines can alternate.
      if (backend === 'wasm') {
        const reason = await initWasm();
        if (reason != null) throw new Error(reason);
      }
      if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to start`);
      await tf.ready();
      // Data goes to tensors once, outside the timing, as a tfjs user would hold it.
      const x = tf.tensor2d(w.x, [w.samples, w.sizes[0]]);
      const y = tf.tensor2d(w.y, [w.samples, 1]);
      made.push(x, y);
      const loss = w.output === 'sigmoid' ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy';

      return async () => {
        // Build every model first so that all start from the first model's fresh weights.
        const models = w.models.map((m) => buildModel(w, m.trainable));
        const initial = models[0].getWeights();
        for (const other of models.slice(1)) other.setWeights(initial);
        const optimizers = models.map((model) => {
          const optimizer = tf.train.adam(w.learningRate);
          model.compile({ optimizer, loss });
          return optimizer;
        });
        try {
          for (const model of models) {
            await model.fit(x, y, { batchSize: w.batchSize, epochs: w.epochs, shuffle: true, verbose: 0 });
          }
        } finally {
          // A model given an optimizer object does not own it, so both are disposed here.
          for (const model of models) model.dispose();
          for (const optimizer of optimizers) optimizer.dispose();
        }
      };
    },

    async dispose() {
      for (const t of made.splice(0)) t.dispose();
    },
  };
  return engine;
}
