// The `wasmlp` command's V8 flags as the benchmark reads them: from bin/v8-flags.js, the one
// list bin/wasmlp.js sets too, loaded by its URL (tsc does not copy plain JS into dist/, so a
// relative import would look for it in dist/bin/).

export interface CliFlags {
  /** The flags, e.g. '--no-liftoff'. */
  WASM_COMPILE_FLAGS: readonly string[];
  /** Sets them in this process, as bin/wasmlp.js does before it loads the CLI. */
  setWasmCompileFlags(): void;
}

/** Where bin/v8-flags.js is seen from the compiled benchmark (dist/bench/). */
export const CLI_FLAGS_URL = new URL('../../bin/v8-flags.js', import.meta.url);

/** bin/v8-flags.js, loaded. */
export async function loadCliFlags(): Promise<CliFlags> {
  return (await import(CLI_FLAGS_URL.href)) as CliFlags;
}
