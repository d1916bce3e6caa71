// The founding run as a script for Node, Deno and Bun: `<runtime> founding-cli.js JOB.json url|bytes`
// trains through wasmlp/bundle (dist/bundle/wasmlp.js, imported by URL: no bare import, no
// import map) and prints one line of JSON, the FoundingResult. The kernels reach the bundle as
// a URL (fetched by the runtime) or as bytes, the two forms a script outside a Worker uses.
import { readFile } from 'node:fs/promises';
import { trainFounding, type FoundingJob, type WasmlpExports } from './founding-run.js';

const BUNDLE = new URL('../../bundle/wasmlp.js', import.meta.url);
const KERNELS = new URL('../../wasm/simd.wasm', import.meta.url);

function runtimeName(): string {
  const global = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } };
  if (global.Deno) return `deno ${global.Deno.version.deno}`;
  if (global.Bun) return `bun ${global.Bun.version}`;
  return `node ${process.versions.node}`;
}

const [jobPath, wasmForm] = process.argv.slice(2);
if (!jobPath || (wasmForm !== 'url' && wasmForm !== 'bytes')) {
  console.error('usage: founding-cli.js JOB.json url|bytes');
  process.exit(2);
}
try {
  const lib = (await import(BUNDLE.href)) as WasmlpExports;
  const job = JSON.parse(await readFile(jobPath, 'utf8')) as FoundingJob;
  const backend = await lib.createWasmBackend(wasmForm === 'url' ? KERNELS : new Uint8Array(await readFile(KERNELS)));
  const result = await trainFounding(lib, backend, job, runtimeName());
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  console.error(`founding run failed in ${runtimeName()}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
