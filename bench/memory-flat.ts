// `npm run bench:memory`: 100,000 training steps on one model, sampling the process's
// memory (RSS, V8 heap, array buffers) and the model's wasm memory along the way, to show
// that training allocates nothing that stays: after a warm-up, wasm memory must not grow
// at all and RSS must end within a small margin of where it stood. Prints the samples and
// a verdict; exits 1 when memory did not stay flat. Options (environment):
// WASMLP_MEMORY_STEPS (default 100000), WASMLP_MEMORY_BACKEND (default wasm-simd).
import { Sequential, dense, type Backend, type Engine } from '../src/index.js';
import { loadBackend, type BackendName } from '../src/node/backends.js';
import { randomStream } from '../src/random.js';
import { formatBytes } from '../src/units.js';

const STEPS = Number(process.env.WASMLP_MEMORY_STEPS ?? 100_000);
const BACKEND = (process.env.WASMLP_MEMORY_BACKEND ?? 'wasm-simd') as BackendName;
const ROWS = 1600;
const BATCH = 32;
const STEPS_PER_EPOCH = Math.ceil(ROWS / BATCH);
const SAMPLES = 20;
/** RSS may move this much between the end of the warm-up and the end (allocator and JIT noise). */
const RSS_MARGIN = 8 * 1024 * 1024;

/** The backend, remembering the engine it hands out so that its memory can be read. */
function watched(inner: Backend): { backend: Backend; engine: () => Engine } {
  let last: Engine | null = null;
  const backend: Backend = {
    name: inner.name,
    createEngine: () => (last = inner.createEngine()),
    releaseEngine: (engine) => inner.releaseEngine(engine),
  };
  return { backend, engine: () => { if (!last) throw new Error('no engine yet'); return last; } };
}

interface Sample { step: number; rss: number; heap: number; arrayBuffers: number; wasm: number }

function sample(step: number, engine: Engine): Sample {
  const usage = process.memoryUsage();
  return { step, rss: usage.rss, heap: usage.heapUsed, arrayBuffers: usage.arrayBuffers, wasm: engine.buffer.byteLength };
}

const { backend, engine } = watched(await loadBackend(BACKEND));
const random = randomStream(1, 'memory-bench');
const x = Float32Array.from({ length: ROWS * 30 }, () => random() * 2 - 1);
const y = Float32Array.from({ length: ROWS }, (_, r) => (x[r * 30] + x[r * 30 + 1] > 0 ? 1 : 0));
const model = new Sequential({ inputSize: 30, layers: [dense(32, 'relu'), dense(16, 'tanh'), dense(1, 'sigmoid')], backend, seed: 1 });
model.layers[0].setTrainableMask({ bias: 0 });
model.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });

const samples: Sample[] = [];
const every = Math.max(1, Math.floor(STEPS / SAMPLES));
let step = 0;
let nextSample = 0;
const started = performance.now();
while (step < STEPS) {
  if (step >= nextSample) {
    (globalThis as { gc?: () => void }).gc?.();
    samples.push(sample(step, engine()));
    nextSample += every;
  }
  // Mostly fit epochs; a trainOnBatch, an evaluate and a predict now and then, as a training loop with callbacks does.
  const epochs = Math.min(10, Math.ceil((STEPS - step) / STEPS_PER_EPOCH));
  const wanted = Math.min(STEPS - step, epochs * STEPS_PER_EPOCH);
  if (wanted < STEPS_PER_EPOCH) {
    for (let i = 0; i < wanted; i++) model.trainOnBatch(x.subarray(i * BATCH * 30, (i + 1) * BATCH * 30), y.subarray(i * BATCH, (i + 1) * BATCH));
    step += wanted;
  } else {
    await model.fit(x, y, { epochs, batchSize: BATCH });
    step += epochs * STEPS_PER_EPOCH;
  }
  model.evaluate(x.subarray(0, 300 * 30), y.subarray(0, 300));
  model.predict(x.subarray(0, 64 * 30));
}
(globalThis as { gc?: () => void }).gc?.();
samples.push(sample(step, engine()));
const seconds = (performance.now() - started) / 1000;

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1).padStart(7);
console.log(`${step} training steps (batch ${BATCH}, 30-32-16-1, Adam, ${model.backendName}) in ${seconds.toFixed(1)} s; model.step = ${model.step}`);
console.log('   step   rss MiB  heap MiB  buffers MiB  wasm MiB');
for (const s of samples) console.log(`${String(s.step).padStart(7)}  ${mib(s.rss)}  ${mib(s.heap)}  ${mib(s.arrayBuffers).padStart(11)}  ${mib(s.wasm).padStart(8)}`);

// The warm-up: the first tenth of the run (the JIT, the first fit's staging, V8's heap settling).
const warm = samples.find((s) => s.step >= STEPS / 10) ?? samples[0];
const last = samples[samples.length - 1];
const wasmGrowth = last.wasm - warm.wasm;
const rssGrowth = last.rss - warm.rss;
const peakRss = Math.max(...samples.filter((s) => s.step >= warm.step).map((s) => s.rss));
const heapGrowth = last.heap - warm.heap;
const flat = wasmGrowth === 0 && rssGrowth <= RSS_MARGIN && heapGrowth <= RSS_MARGIN && model.step === STEPS;
console.log(`from step ${warm.step} to ${last.step}: wasm memory ${formatBytes(warm.wasm)} -> ${formatBytes(last.wasm)} (${wasmGrowth === 0 ? 'unchanged' : `+${formatBytes(wasmGrowth)}`}), `
  + `RSS ${formatBytes(warm.rss)} -> ${formatBytes(last.rss)} (${rssGrowth >= 0 ? '+' : '-'}${formatBytes(Math.abs(rssGrowth))}, peak ${formatBytes(peakRss)}), V8 heap ${heapGrowth >= 0 ? '+' : '-'}${formatBytes(Math.abs(heapGrowth))}`);
console.log(flat ? `memory stays flat (wasm unchanged, RSS and heap within ${formatBytes(RSS_MARGIN)})` : 'memory does NOT stay flat');
process.exitCode = flat ? 0 : 1;
