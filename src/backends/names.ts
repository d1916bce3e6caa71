// The names a user picks a backend by, on the command line, in the page's URL and in
// `loadBackend`: declared once, here in the core, so that every one of them agrees.

/**
 * 'wasm' picks the relaxed-SIMD build where the runtime validates it, else the plain one;
 * 'wasm-simd' forces the plain build, whose results are the same bits in every runtime.
 */
export type BackendName = 'wasm' | 'wasm-simd' | 'wasm-relaxed-simd' | 'js';

export const BACKEND_NAMES: readonly BackendName[] = ['wasm', 'wasm-simd', 'wasm-relaxed-simd', 'js'];
