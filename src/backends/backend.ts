// What a compute backend offers the model: an arena of memory and the five
// kernel entry points, all addressed through the arena descriptor.

/** One model's arena and the kernels that run over it. */
export interface Engine {
  /** Byte offset where the host may lay out its arena. */
  readonly base: number;
  /** The arena's current bytes; a new object after the arena grows. */
  readonly buffer: ArrayBuffer;
  /** Grows the arena to hold at least `bytes` bytes; old views over `buffer` are then stale. */
  ensure(bytes: number): void;
  /** Runs one epoch over the first `count` indices of the order array. */
  trainEpoch(desc: number, count: number, batchSize: number): void;
  /** Computes the gradients of one batch of rows at byte offsets x and y, without updating. */
  computeGradients(desc: number, x: number, y: number, rows: number): void;
  /** Applies the gradients stored by computeGradients as one optimiser step. */
  applyGradients(desc: number): void;
  /** Adds loss and metric sums over count samples at byte offsets x and y. */
  evaluate(desc: number, x: number, y: number, count: number): void;
  /** Writes the output activations of count samples at x to out. */
  predict(desc: number, x: number, out: number, count: number): void;
}

/** A compute backend: makes one engine per model. */
export interface Backend {
  /** 'wasm-simd', 'wasm-relaxed-simd' or 'js'. */
  readonly name: string;
  /** An engine for a new model: a released one when there is one, else a new one. */
  createEngine(): Engine;
  /** Takes back the engine of a disposed model, to reuse its memory (already mapped) for the next. */
  releaseEngine(engine: Engine): void;
}

/** Engines kept for reuse per backend: enough for the models a run makes one after another. */
export const POOL_SIZE = 4;

/**
 * The largest engine the pool keeps: 64 MiB of arena. A wasm memory never shrinks, so a
 * kept engine holds its largest model's memory until reused; one above this size is
 * dropped on release and the garbage collector frees it (a 20M-parameter model's 400+ MiB
 * are not kept resident after dispose()).
 */
export const POOLED_ENGINE_MAX_BYTES = 64 * 1024 * 1024;

/** A backend around an engine factory, reusing released engines of at most POOLED_ENGINE_MAX_BYTES. */
export function pooledBackend(name: string, create: () => Engine): Backend {
  const free: Engine[] = [];
  return {
    name,
    createEngine: () => free.pop() ?? create(),
    releaseEngine: (engine) => {
      if (engine.buffer.byteLength > POOLED_ENGINE_MAX_BYTES) return;
      if (free.length < POOL_SIZE && !free.includes(engine)) free.push(engine);
    },
  };
}
