// Builds the `wasmlp` command into a few ES modules (dist/src/cli-bundle/), which bin/wasmlp.js
// runs. Node loads the CLI's 70-odd compiled modules one at a time (resolve, read, compile,
// link, and CommonJS interop for commander and asciichart), which took longer than training
// the founding experiment; the bundle is one module for the command and one per thread.
//
// It bundles tsc's output (dist/src), the code the tests run, not the TypeScript again. The
// folder sits at the same depth as dist/src/cli/, so that the compiled code's relative URLs
// (the wasm builds, the shipped data, './worker.js', './png.js') still point where they did.
// Every chunk must stay in that one folder for the same reason.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const built = (path: string): string => fileURLToPath(new URL(`../dist/src/${path}`, import.meta.url));
/** The PNG renderer's optional peer dependencies: looked up at run time, never inlined (png-loader.ts). */
const OPTIONAL = ['@napi-rs/canvas', 'linkedom'];
/** Those packages and any file of theirs ('linkedom/worker'). */
const OPTIONAL_FILES = new RegExp(`^(${OPTIONAL.join('|')})(/|$)`);

export default defineConfig({
  logLevel: 'warn',
  build: {
    // A Node target: built-ins stay imports, and import.meta.url stays the module's own.
    ssr: true,
    outDir: built('cli-bundle/'),
    emptyOutDir: true,
    target: 'node20',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      // The command, a training thread, and the PNG renderer's thread and its module (which
      // png-loader.ts imports as './png.js' only once its packages are found).
      input: { cli: built('cli/cli.js'), worker: built('cli/worker.js'), 'png-worker': built('cli/png-worker.js'), png: built('cli/png.js') },
      external: OPTIONAL_FILES,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name].js' },
    },
  },
  // Everything else is inlined: commander, asciichart, seedrandom, the wasm loader. cli-progress
  // and uplot are loaded through createRequire at run time, from the package's dependencies.
  ssr: { noExternal: true, external: OPTIONAL },
});
