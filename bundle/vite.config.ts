// Builds wasmlp/bundle: the library core (src/index.ts) as one minified ES module with
// seedrandom's Alea generator inlined, so workerd, Deno (no import map), Bun and a page's
// <script type="module"> can load it without a bundler or node_modules. (random.ts imports
// Alea alone, so seedrandom's index, which requires Node's crypto, is never bundled.)
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/bundle/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Vite keeps whitespace in an ES library for downstream tree-shaking; this module is
    // loaded as it is by runtimes without a bundler, so minify it whole.
    minify: 'oxc',
    rolldownOptions: { output: { minify: true } },
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('../src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'wasmlp.js',
    },
  },
});
