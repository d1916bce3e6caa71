// The founding network's training as every runtime runs it (Node, Deno, Bun, workerd,
// a page): it receives the library's exports and a backend from its caller and imports
// nothing at run time, so the same compiled file serves the bundle and the core alike.
import type * as Wasmlp from '../../src/index.js';

/** The library's exports: `wasmlp/bundle` in the runtimes, the core in Node's reference run. */
export type WasmlpExports = typeof Wasmlp;

/** A training job: the network, its settings and the prepared data, floats as hex so no bit is lost. */
export interface FoundingJob {
  hidden: number[];
  activation: Wasmlp.Activation;
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
  features: number;
  /** rows x features standardised features, float32 little-endian, as hex. */
  x: string;
  /** 0/1 labels, float32, as hex. */
  y: string;
}

/** What a run reports: the loss history as numbers (for messages) and as bits, and the final weights' bits. */
export interface FoundingResult {
  runtime: string;
  backend: string;
  loss: number[];
  /** The loss history as float64 bits, in hex. */
  lossBits: string;
  /** Each weight array (kernel, bias per layer) as float32 bits, in hex. */
  weightBits: string[];
}

/** Trains the job's network (sigmoid output, binary cross-entropy, Adam) and reports its bits. */
export async function trainFounding(lib: WasmlpExports, backend: Wasmlp.Backend, job: FoundingJob, runtime: string): Promise<FoundingResult> {
  const x = new Float32Array(fromHex(job.x).buffer);
  const y = new Float32Array(fromHex(job.y).buffer);
  const model = new lib.Sequential({
    inputSize: job.features,
    backend,
    seed: job.seed,
    layers: [...job.hidden.map((units) => lib.dense(units, job.activation)), lib.dense(1, 'sigmoid')],
  });
  model.compile({ optimizer: lib.adam({ learningRate: job.learningRate }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { batchSize: job.batchSize, epochs: job.epochs });
  const loss = history.history.loss;
  const weightBits = model.getWeights().map((weights) => toHex(weights));
  model.dispose();
  return { runtime, backend: backend.name, loss, lossBits: toHex(Float64Array.from(loss)), weightBits };
}

/** The bytes of a typed array as lowercase hex. */
export function toHex(view: ArrayBufferView): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Bytes from hex written by toHex. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 !== 0 || /[^0-9a-f]/.test(hex)) throw new RangeError('not hex: expected pairs of 0-9a-f');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
