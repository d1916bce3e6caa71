// The plain-TypeScript backend: the same arithmetic as the wasm kernels over an
// ArrayBuffer, used as the reference in tests and as the JS side of benchmarks.
import { pooledBackend, type Backend, type Engine } from './backend.js';
import * as kernels from './js/train.js';
import type { ArenaViews } from './js/train.js';

class JsEngine implements Engine {
  readonly base = 0;
  buffer = new ArrayBuffer(0);
  private views: ArenaViews = viewsOf(this.buffer);

  ensure(bytes: number): void {
    if (bytes <= this.buffer.byteLength) return;
    const grown = new ArrayBuffer(Math.max(bytes, this.buffer.byteLength * 2));
    new Uint8Array(grown).set(new Uint8Array(this.buffer));
    this.buffer = grown;
    this.views = viewsOf(grown);
  }

  trainEpoch(desc: number, count: number, batchSize: number): void { kernels.trainEpoch(this.views, desc, count, batchSize); }
  computeGradients(desc: number, x: number, y: number, rows: number): void { kernels.computeGradients(this.views, desc, x, y, rows); }
  applyGradients(desc: number): void { kernels.applyGradients(this.views, desc); }
  evaluate(desc: number, x: number, y: number, count: number): void { kernels.evaluate(this.views, desc, x, y, count); }
  predict(desc: number, x: number, out: number, count: number): void { kernels.predict(this.views, desc, x, out, count); }
}

function viewsOf(buffer: ArrayBuffer): ArenaViews {
  return { f32: new Float32Array(buffer), i32: new Int32Array(buffer), f64: new Float64Array(buffer) };
}

/** Creates the plain-TypeScript backend. */
export function createJsBackend(): Backend {
  return pooledBackend('js', () => new JsEngine());
}
