// The one place that knows how the wasm module is instantiated. The kernels import nothing
// and exchange only numbers and their memory (the stub runtime, no managed objects), so they
// are instantiated with WebAssembly.Instance itself: @assemblyscript/loader, used before,
// wrapped every export for strings and arrays the kernels never pass, which took a
// millisecond or two of each process's first model.

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

/**
 * The imports a kernels build may ask for: AssemblyScript's `env.abort`, which a build with
 * assertions calls when one fails (the shipped builds have none and import nothing).
 */
const IMPORTS = {
  env: {
    abort(): never {
      throw new Error('the wasm kernels stopped on a failed internal check');
    },
  },
};

/** Instantiates the kernels synchronously from a compiled module: one instance, one memory, per model. */
export function instantiateKernels(module: WebAssembly.Module): KernelExports {
  return new WebAssembly.Instance(module, IMPORTS).exports as unknown as KernelExports;
}
