// What every engine in the benchmark offers: set up a workload once, then time whole runs.

/** One engine's way of training a workload. */
export interface Engine {
  /** Display name, e.g. 'wasmlp wasm (SIMD)'. */
  name: string;
  /** Null when the engine can run here, else why not (shown as a note). */
  unavailable(): Promise<string | null>;
  /**
   * Prepares the workload (data loaded, libraries initialised) and returns a function
   * that performs one complete timed run: builds every model of the workload from fresh
   * initial weights and trains it for all its epochs. It resolves when training is done.
   */
  prepare(workload: import('./workloads.js').Workload): Promise<() => Promise<void>>;
  /** Releases what prepare made. */
  dispose?(): Promise<void>;
}
