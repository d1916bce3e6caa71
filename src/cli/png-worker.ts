// The CLI: the PNG renderer's thread (png-thread.ts). Loads the renderer at once, says how
// that went, then draws each chart it is sent and posts back its PNG bytes.
import { parentPort } from 'node:worker_threads';
import { loadPngRenderer, type PngRenderer } from './png-loader.js';
import type { ChartSpec } from '../plot/chart-spec.js';
import type { FromPngThread } from './png-thread.js';

const reply = (message: FromPngThread, transfer: ArrayBuffer[] = []): void => parentPort?.postMessage(message, transfer);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let render: PngRenderer | undefined;
try {
  const loaded = await loadPngRenderer();
  if ('render' in loaded) {
    render = loaded.render;
    reply({ loaded: { ready: true } });
  } else {
    reply({ loaded });
  }
} catch (error) {
  // An error of wasmlp's own renderer: the main thread throws it where it awaits the renderer.
  reply({ error: message(error) });
}

parentPort?.on('message', async (spec: ChartSpec) => {
  try {
    if (!render) throw new Error('the PNG renderer did not load');
    const png = new Uint8Array(await render(spec));
    reply({ png }, [png.buffer as ArrayBuffer]);
  } catch (error) {
    reply({ error: message(error) });
  }
});
