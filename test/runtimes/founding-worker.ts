// The founding run as a Worker for workerd: POST a FoundingJob, get the FoundingResult.
// The bundle and the kernels are modules of the Worker (founding-worker.capnp names them
// as a project installing wasmlp would import them): Workers cannot compile wasm from
// bytes, so the .wasm arrives as a WebAssembly.Module.
import * as wasmlp from 'wasmlp/bundle';
import kernels from 'wasmlp/wasm/simd.wasm';
import { trainFounding, type FoundingJob } from './founding-run.js';

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') return new Response('POST a founding job\n', { status: 405 });
    try {
      const job = (await request.json()) as FoundingJob;
      return Response.json(await trainFounding(wasmlp, await wasmlp.createWasmBackend(kernels), job, 'workerd'));
    } catch (error) {
      return new Response(`founding run failed in workerd: ${error instanceof Error ? error.message : String(error)}\n`, { status: 500 });
    }
  },
};
