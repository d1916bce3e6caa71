// Builds wasmlp/bundle: the library core (src/index.ts) as one minified ES module with
// seedrandom and @assemblyscript/loader inlined, so workerd, Deno (no import map), Bun
// and a page's <script type="module"> can load it without a bundler or node_modules.
import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * seedrandom (CommonJS) requires Node's 'crypto' inside a try block, only to autoseed
 * an unseeded ARC4 generator. wasmlp always seeds its Alea streams, so that path never
 * runs: resolve 'crypto' to an empty module instead of leaving a bare import behind
 * (workerd and Deno would reject it) or inlining a polyfill.
 */
function seedrandomWithoutNodeCrypto(): Plugin {
  const empty = '\0wasmlp-empty-crypto';
  return {
    name: 'wasmlp:seedrandom-without-node-crypto',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === 'crypto' && importer?.includes('/seedrandom/') ? empty : null;
    },
    load(id) {
      return id === empty ? 'export default {};' : null;
    },
  };
}

export default defineConfig({
  logLevel: 'warn',
  plugins: [seedrandomWithoutNodeCrypto()],
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
