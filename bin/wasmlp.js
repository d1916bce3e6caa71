#!/usr/bin/env node
// The wasmlp command: runs the compiled CLI, or says how to build it.
let cli;
try {
  cli = await import('../dist/src/cli/cli.js');
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write("wasmlp: not built yet; run 'npm install' (or 'npm run build') in the package folder\n");
    process.exit(1);
  }
  throw error;
}
process.exitCode = await cli.main(process.argv);
