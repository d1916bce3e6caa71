// Vite builds the page from web/ into dist/web/, with the worker, uPlot, the wasm builds
// and the built-in datasets bundled, so the page works offline from any static host.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  build: { outDir: fileURLToPath(new URL('../dist/web/', import.meta.url)), emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
