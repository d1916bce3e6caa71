// The V8 flags the `wasmlp` command compiles its wasm kernels with, kept in this one place:
// bin/wasmlp.js sets them before it loads anything, and the benchmark's cold child
// (bench/cold-child.ts) sets them the same way to time the first model as the command runs
// it. Plain JS beside the bin, so the command needs no build step to read them.
import { setFlagsFromString } from 'node:v8';

/** Every kernel compiled whole by the optimising compiler when its module is compiled (why: bin/wasmlp.js). */
export const WASM_COMPILE_FLAGS = Object.freeze(['--no-liftoff', '--no-wasm-lazy-compilation']);

/** Sets WASM_COMPILE_FLAGS in this process; call it before any wasm module is compiled. */
export function setWasmCompileFlags() {
  for (const flag of WASM_COMPILE_FLAGS) setFlagsFromString(flag);
}
