// The wasm backend: the AssemblyScript f32x4 kernels, one instance per model,
// whose linear memory is the model's arena.
import { pooledBackend, type Backend, type Engine } from './backend.js';
import { compileKernels, instantiateKernels, type KernelExports, type WasmSource } from './wasm-loader.js';

const PAGE = 65536;

class WasmEngine implements Engine {
  readonly base: number;
  private readonly kernels: KernelExports;

  constructor(module: WebAssembly.Module) {
    this.kernels = instantiateKernels(module);
    // The module's own static data lives below its initial size; the arena starts above it.
    this.base = this.kernels.memory.buffer.byteLength;
  }

  get buffer(): ArrayBuffer { return this.kernels.memory.buffer; }

  ensure(bytes: number): void {
    const have = this.kernels.memory.buffer.byteLength;
    if (bytes > have) this.kernels.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  trainEpoch(desc: number, count: number, batchSize: number): void { this.kernels.trainEpoch(desc, count, batchSize); }
  computeGradients(desc: number, x: number, y: number, rows: number): void { this.kernels.computeGradients(desc, x, y, rows); }
  applyGradients(desc: number): void { this.kernels.applyGradients(desc); }
  evaluate(desc: number, x: number, y: number, count: number): void { this.kernels.evaluate(desc, x, y, count); }
  predict(desc: number, x: number, out: number, count: number): void { this.kernels.predict(desc, x, out, count); }
}

/** Creates the wasm backend from the kernels' module, bytes or URL. */
export async function createWasmBackend(source: WasmSource, name = 'wasm-simd'): Promise<Backend> {
  const module = await compileKernels(source);
  return pooledBackend(name, () => new WasmEngine(module));
}
