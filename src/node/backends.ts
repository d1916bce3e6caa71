// Node-only: loads the wasm kernels that `npm install` built, from the package's own files.
import { readFile } from 'node:fs/promises';
import { createJsBackend } from '../backends/js.js';
import { createWasmBackend } from '../backends/wasm.js';
import type { Backend } from '../backends/backend.js';
import { BACKEND_NAMES, type BackendName } from '../backends/names.js';

export { BACKEND_NAMES, type BackendName };

const BUILDS = {
  'wasm-simd': new URL('../../wasm/simd.wasm', import.meta.url),
  'wasm-relaxed-simd': new URL('../../wasm/relaxed.wasm', import.meta.url),
};

/** The backend of that name. */
export async function loadBackend(name: BackendName = 'wasm'): Promise<Backend> {
  if (name === 'js') return createJsBackend();
  if (!BACKEND_NAMES.includes(name)) throw new RangeError(`unknown backend '${String(name)}' (expected ${BACKEND_NAMES.join(', ')})`);
  if (name === 'wasm') {
    const relaxed = await readBuild('wasm-relaxed-simd');
    return WebAssembly.validate(relaxed) ? createWasmBackend(relaxed, 'wasm-relaxed-simd') : createWasmBackend(await readBuild('wasm-simd'), 'wasm-simd');
  }
  const bytes = await readBuild(name);
  if (!WebAssembly.validate(bytes)) throw new RangeError(`this runtime cannot run the ${name} build (Node 20 needs --experimental-wasm-relaxed-simd for relaxed SIMD)`);
  return createWasmBackend(bytes, name);
}

async function readBuild(name: keyof typeof BUILDS): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(BUILDS[name]));
  } catch {
    throw new Error(`the wasm kernels are missing (${BUILDS[name].pathname}); run 'npm install' or 'npm run build'`);
  }
}
