// The one place that knows how the wasm module is instantiated. It uses
// @assemblyscript/loader (the project keeps it: it is how AssemblyScript modules are meant to
// be loaded, and swapping it for plain WebAssembly.Instance touches only this file); the
// kernels import nothing and exchange only numbers and their memory.
import { instantiateSync } from '@assemblyscript/loader';

/** The kernels' exports, all taking the arena descriptor's byte address first. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  trainEpoch(desc: number, count: number, batchSize: number): void;
  computeGradients(desc: number, x: number, y: number, rows: number): void;
  applyGradients(desc: number): void;
  evaluate(desc: number, x: number, y: number, count: number): void;
  predict(desc: number, x: number, out: number, count: number): void;
}

/** Where the wasm bytes come from: a compiled module, the bytes themselves, or a URL to fetch. */
export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | URL | string | Response | Promise<Response>;

/** Compiles a source to a WebAssembly.Module (a Module is returned as it is). */
export async function compileKernels(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  // Bytes are compiled before anything looks at `Response`: in Node that global is a lazy
  // getter that loads the whole fetch implementation (undici, some 15 ms at startup).
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source as BufferSource);
  if (typeof source === 'string' || source instanceof URL) source = fetch(source);
  if (typeof Response !== 'undefined' && (source instanceof Response || source instanceof Promise)) {
    const response = await source;
    if (!response.ok) throw new Error(`could not load the wasm kernels: HTTP ${response.status} from ${response.url}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
  if (source instanceof Promise) return compileKernels(await source);
  return WebAssembly.compile(source as BufferSource);
}

/** Instantiates the kernels synchronously from a compiled module: one instance, one memory, per model. */
export function instantiateKernels(module: WebAssembly.Module): KernelExports {
  return instantiateSync<Record<string, unknown>>(module, {}).exports as unknown as KernelExports;
}
