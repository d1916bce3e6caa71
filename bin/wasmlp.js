#!/usr/bin/env node
// The wasmlp command: runs the compiled CLI, or says how to build it. A package from the
// registry ships dist/; a clone builds it in `npm install` (prepare).
import { statSync } from 'node:fs';
import { setWasmCompileFlags } from './v8-flags.js';

// The wasm kernels are compiled whole with V8's optimising compiler (TurboFan), on its
// background threads, when the module is compiled, instead of each function with the
// baseline compiler on its first call and again optimised once it has run a while: in a
// fresh process that tiering made the first model about twice as slow as the next. The two
// flags that do it (./v8-flags.js, which the benchmark's cold child sets too) are read each
// time a module is compiled, so setting them here, before any is, is safe; they change how
// fast the code is, never what it computes.
setWasmCompileFlags();

// The CLI bundled into a few files (bundle/cli.vite.config.ts): Node loads it in a fraction
// of the time it takes to resolve and load the CLI's 70-odd modules one by one. When the
// modules were compiled after the bundle was made (`tsc` alone), they are run instead, so a
// stale bundle never stands in for newer code.
const modules = new URL('../dist/src/cli/cli.js', import.meta.url);
const bundle = new URL('../dist/src/cli-bundle/cli.js', import.meta.url);
const built = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs;
const [modulesBuilt, bundleBuilt] = [built(modules), built(bundle)];
if (modulesBuilt === undefined && bundleBuilt === undefined) {
  process.stderr.write("wasmlp: not built yet; run 'npm install' (or 'npm run build') in the package folder\n");
  process.exit(1);
}
const cli = bundleBuilt !== undefined && (modulesBuilt === undefined || bundleBuilt >= modulesBuilt) ? bundle : modules;
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
