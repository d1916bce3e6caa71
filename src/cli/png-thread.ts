// The CLI: the PNG renderer loaded on a thread of its own. Its packages (a DOM shim and a
// native canvas) take longer to load than the founding experiment takes to train, so
// `experiment --out` starts this thread first: it loads them on another core while the
// main thread trains, and draws the chart when asked.
import { Worker } from 'node:worker_threads';
import type { ChartSpec } from '../plot/chart-spec.js';
import type { PngLoad, PngSource } from './png-loader.js';

/** Messages from the renderer's thread: how loading went, then each chart's bytes or error. */
export type FromPngThread =
  | { loaded: Exclude<PngLoad, { render: unknown }> | { ready: true } }
  | { png: Uint8Array }
  | { error: string };

/**
 * A thread loading the PNG renderer from the moment it is made. It is unref'd, so that a
 * command ending early does not wait for it, until `load` is awaited.
 */
export class PngThread implements PngSource {
  private readonly worker = new Worker(new URL('./png-worker.js', import.meta.url));
  private readonly replies: FromPngThread[] = [];
  private waiting: ((reply: FromPngThread) => void) | undefined;
  private failure: Error | undefined;

  constructor() {
    this.worker.unref();
    this.worker.on('message', (reply: FromPngThread) => this.deliver(reply));
    this.worker.on('error', (error: Error) => this.deliver({ error: error.message }));
    this.worker.on('exit', (code) => { this.failure ??= new Error(`the PNG renderer's thread stopped (exit code ${code})`); this.deliver({ error: this.failure.message }); });
  }

  /** The renderer as loadPngRenderer gives it, drawing on this thread. */
  async load(): Promise<PngLoad> {
    this.worker.ref();
    const reply = await this.next();
    if ('error' in reply) throw new Error(reply.error);
    if (!('loaded' in reply)) throw new Error('the PNG renderer\'s thread answered out of turn');
    if (!('ready' in reply.loaded)) return reply.loaded;
    return { render: (spec: ChartSpec) => this.render(spec) };
  }

  /** Ends the thread. */
  async close(): Promise<void> {
    this.failure ??= new Error('the PNG renderer\'s thread was closed');
    await this.worker.terminate();
  }

  private async render(spec: ChartSpec): Promise<Uint8Array> {
    this.worker.postMessage(spec);
    const reply = await this.next();
    if ('error' in reply) throw new Error(reply.error);
    if (!('png' in reply)) throw new Error('the PNG renderer\'s thread answered out of turn');
    return reply.png;
  }

  private next(): Promise<FromPngThread> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.resolve({ error: this.failure.message });
    return new Promise((resolve) => { this.waiting = resolve; });
  }

  private deliver(reply: FromPngThread): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(reply);
    else this.replies.push(reply);
  }
}
