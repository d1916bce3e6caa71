// The page's backends: the same wasm builds as the Node package, bundled by Vite and
// chosen the same way (relaxed SIMD where WebAssembly.validate accepts it).
import { createJsBackend, createWasmBackend, type Backend } from '../src/index.js';
import simdUrl from '../dist/wasm/simd.wasm?url';
import relaxedUrl from '../dist/wasm/relaxed.wasm?url';

const loaded = new Map<string, Promise<Backend>>();

/** 'wasm' (relaxed SIMD where this browser has it), 'wasm-simd' (the same bits everywhere) or 'js'. */
export function browserBackend(name: 'wasm' | 'wasm-simd' | 'js'): Promise<Backend> {
  let backend = loaded.get(name);
  if (!backend) {
    backend = load(name);
    loaded.set(name, backend);
  }
  return backend;
}

async function load(name: 'wasm' | 'wasm-simd' | 'js'): Promise<Backend> {
  if (name === 'js') return createJsBackend();
  if (name === 'wasm') {
    const relaxed = new Uint8Array(await (await fetch(relaxedUrl)).arrayBuffer());
    if (WebAssembly.validate(relaxed)) return createWasmBackend(relaxed, 'wasm-relaxed-simd');
  }
  return createWasmBackend(new URL(simdUrl, self.location.href), 'wasm-simd');
}
