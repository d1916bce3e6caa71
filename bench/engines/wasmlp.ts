// wasmlp's own engines for the benchmark: the wasm kernels (plain or relaxed SIMD) and the JS reference.
import { Sequential, dense, createJsBackend, type Backend } from '../../src/index.js';
import { loadBackend } from '../../src/node/backends.js';
import type { Engine } from '../engine.js';
import type { Workload } from '../workloads.js';

/** A wasmlp engine over one backend: 'wasm' (plain SIMD), 'relaxed' (relaxed SIMD) or 'js'. */
export function wasmlpEngine(kind: 'wasm' | 'relaxed' | 'js'): Engine {
  const names = { wasm: 'wasmlp wasm (SIMD)', relaxed: 'wasmlp wasm (relaxed SIMD)', js: 'wasmlp js' };
  let backend: Backend | null = null;
  const load = async (): Promise<Backend> => {
    backend ??= kind === 'js' ? createJsBackend() : await loadBackend(kind === 'wasm' ? 'wasm-simd' : 'wasm-relaxed-simd');
    return backend;
  };
  return {
    name: names[kind],
    async unavailable() {
      try {
        await load();
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
    async prepare(workload: Workload) {
      const chosen = await load();
      return async () => {
        for (const spec of workload.models) {
          const model = new Sequential({
            inputSize: workload.sizes[0], backend: chosen, seed: 100,
            layers: workload.sizes.slice(1).map((units, l) => dense(units, l === workload.sizes.length - 2 ? workload.output : workload.hiddenActivation)),
          });
          model.layers.forEach((layer) => { layer.trainable = spec.trainable.includes(layer.index + 1); });
          model.compile({
            optimizer: { type: 'adam', learningRate: workload.learningRate },
            loss: workload.output === 'sigmoid' ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy',
            metrics: ['accuracy'],
          });
          await model.fit(workload.x, workload.y, { batchSize: workload.batchSize, epochs: workload.epochs });
          model.dispose();
        }
      };
    },
  };
}
