// Node-only: loads the wasm kernels that `npm install` built, from the package's own files.
import { readFile } from 'node:fs/promises';
import { createJsBackend } from '../backends/js.js';
import { createWasmBackend } from '../backends/wasm.js';
import type { Backend } from '../backends/backend.js';

const SIMD_WASM = new URL('../../wasm/simd.wasm', import.meta.url);

/** The backend of that name: 'wasm' (the f32x4 SIMD kernels) or 'js'. */
export async function loadBackend(name: 'wasm' | 'js' = 'wasm'): Promise<Backend> {
  if (name === 'js') return createJsBackend();
  if (name !== 'wasm') throw new RangeError(`unknown backend '${String(name)}' (expected 'wasm' or 'js')`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(SIMD_WASM);
  } catch {
    throw new Error(`the wasm kernels are missing (${SIMD_WASM.pathname}); run 'npm install' or 'npm run build'`);
  }
  return createWasmBackend(bytes);
}
