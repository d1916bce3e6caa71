#!/usr/bin/env node
// The wasmlp command: runs the compiled CLI, or says how to build it. A package from the
// registry ships dist/; a clone builds it in `npm install` (prepare).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("wasmlp: not built yet; run 'npm install' (or 'npm run build') in the package folder\n");
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
