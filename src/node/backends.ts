// Node-only: loads the wasm kernels that `npm install` built, from the package's own files.
import { readFile } from 'node:fs/promises';
import { createJsBackend } from '../backends/js.js';
import { createWasmBackend } from '../backends/wasm.js';
import { compileKernels } from '../backends/wasm-loader.js';
import type { Backend } from '../backends/backend.js';
import { BACKEND_NAMES, type BackendName } from '../backends/names.js';

export { BACKEND_NAMES, type BackendName };

const BUILDS = {
  'wasm-simd': new URL('../../wasm/simd.wasm', import.meta.url),
  'wasm-relaxed-simd': new URL('../../wasm/relaxed.wasm', import.meta.url),
};

/**
 * What a backend name resolves to before any engine is made: the wasm build it picks and
 * that build compiled, or the plain-TypeScript backend. A compiled module can be posted to a
 * worker thread, which then makes engines from it without compiling the kernels again.
 */
export type Kernels = { name: 'wasm-simd' | 'wasm-relaxed-simd'; module: WebAssembly.Module } | { name: 'js' };

/** Reads and compiles the kernels the backend of that name runs. */
export async function loadKernels(name: BackendName = 'wasm'): Promise<Kernels> {
  if (name === 'js') return { name };
  if (!BACKEND_NAMES.includes(name)) throw new RangeError(`unknown backend '${String(name)}' (expected ${BACKEND_NAMES.join(', ')})`);
  if (name === 'wasm') {
    const relaxed = await readBuild('wasm-relaxed-simd');
    const build = WebAssembly.validate(relaxed) ? 'wasm-relaxed-simd' : 'wasm-simd';
    return { name: build, module: await compileKernels(build === 'wasm-relaxed-simd' ? relaxed : await readBuild(build)) };
  }
  const bytes = await readBuild(name);
  if (!WebAssembly.validate(bytes)) throw new RangeError(`this runtime cannot run the ${name} build (Node 20 needs --experimental-wasm-relaxed-simd for relaxed SIMD)`);
  return { name, module: await compileKernels(bytes) };
}

/** A backend from loaded kernels (in any thread of the process that loaded them). */
export function backendOf(kernels: Kernels): Promise<Backend> {
  return kernels.name === 'js' ? Promise.resolve(createJsBackend()) : createWasmBackend(kernels.module, kernels.name);
}

/** The backend of that name. */
export async function loadBackend(name: BackendName = 'wasm'): Promise<Backend> {
  return backendOf(await loadKernels(name));
}

async function readBuild(name: keyof typeof BUILDS): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(BUILDS[name]));
  } catch {
    throw new Error(`the wasm kernels are missing (${BUILDS[name].pathname}); run 'npm install' or 'npm run build'`);
  }
}
