// The founding run as a script for Node, Deno and Bun: `<runtime> founding-cli.js JOB.json url|bytes`
// trains through wasmlp/bundle (dist/bundle/wasmlp.js, imported by URL: no bare import, no
// import map) and prints one line of JSON, the FoundingResult. The kernels reach the bundle as
// a URL (fetched by the runtime) or as bytes, the two forms a script outside a Worker uses.
// Files are read with each runtime's own API: Deno's Node compatibility layer alone takes
// about 45 ms to load, which the cold-start bench would otherwise charge to wasmlp.
import { trainFounding, type FoundingJob, type WasmlpExports } from './founding-run.js';

const BUNDLE = new URL('../../bundle/wasmlp.js', import.meta.url);
const KERNELS = new URL('../../wasm/simd.wasm', import.meta.url);

interface Host { name: string; args: string[]; readBytes(file: URL | string): Promise<Uint8Array<ArrayBuffer>>; exit(code: number): never }

interface DenoGlobal { version: { deno: string }; args: string[]; readFile(path: URL | string): Promise<Uint8Array<ArrayBuffer>>; exit(code: number): never }
interface BunGlobal { version: string; argv: string[]; file(path: URL | string): { bytes(): Promise<Uint8Array<ArrayBuffer>> } }

async function host(): Promise<Host> {
  const { Deno, Bun } = globalThis as { Deno?: DenoGlobal; Bun?: BunGlobal };
  if (Deno) return { name: `deno ${Deno.version.deno}`, args: Deno.args, readBytes: (file) => Deno.readFile(file), exit: (code) => Deno.exit(code) };
  const exit = (code: number): never => process.exit(code);
  if (Bun) return { name: `bun ${Bun.version}`, args: Bun.argv.slice(2), readBytes: (file) => Bun.file(file).bytes(), exit };
  const { readFile } = await import('node:fs/promises');
  return { name: `node ${process.versions.node}`, args: process.argv.slice(2), readBytes: async (file) => new Uint8Array(await readFile(file)), exit };
}

const runtime = await host();
const [jobPath, wasmForm] = runtime.args;
if (!jobPath || (wasmForm !== 'url' && wasmForm !== 'bytes')) {
  console.error('usage: founding-cli.js JOB.json url|bytes');
  runtime.exit(2);
}
try {
  const lib = (await import(BUNDLE.href)) as WasmlpExports;
  const job = JSON.parse(new TextDecoder().decode(await runtime.readBytes(jobPath))) as FoundingJob;
  const backend = await lib.createWasmBackend(wasmForm === 'url' ? KERNELS : await runtime.readBytes(KERNELS));
  const result = await trainFounding(lib, backend, job, runtime.name);
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`founding run failed in ${runtime.name}: ${error instanceof Error ? error.message : String(error)}`);
  runtime.exit(1);
}
