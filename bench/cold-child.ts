// Run by bench/cold.ts in a fresh Node process: trains W1, the founding experiment, with one
// engine (wasm, tfjs-wasm or tfjs-cpu) as a script that starts cold would, then the first model
// again warm. Prints one JSON line when the first model is trained, one when both are, and one
// with the warm times; bench/cold.ts times the lines' arrival from spawn().
//   node dist/bench/cold-child.js ENGINE WARM_BUDGET_MS
// ENGINE `wasm` is the library as an embedder loads it, with V8's defaults; `wasm-cli` is the
// same engine with the `wasmlp` command's V8 flags, set first, as bin/wasmlp.js sets them
// (from the same file, bin/v8-flags.js), so its first model is the one a CLI user meets.
// Nothing is imported before the clock's first reading: loading the engine is part of the cold start.
import type { Engine } from './engine.js';
import type { CliFlags } from './cli-flags.js';

const atStart = performance.now();
const [kind, budgetText] = process.argv.slice(2);
const warmBudgetMs = Number(budgetText ?? 3000);

async function engineFor(id: string): Promise<Engine> {
  if (id === 'wasm-cli') {
    // Before the engine's modules load, as bin/wasmlp.js does before it imports the CLI; read
    // straight from bin/ (its URL as bench/cli-flags.ts has it) so nothing else loads first.
    const flags = (await import(new URL('../../bin/v8-flags.js', import.meta.url).href)) as CliFlags;
    flags.setWasmCompileFlags();
    const engine = (await import('./engines/wasmlp.js')).wasmlpEngine('wasm');
    return { ...engine, name: `${engine.name}, the CLI's V8 flags` };
  }
  if (id === 'wasm') return (await import('./engines/wasmlp.js')).wasmlpEngine('wasm');
  if (id === 'tfjs-wasm' || id === 'tfjs-cpu') return (await import('./engines/tfjs.js')).tfjsEngine(id === 'tfjs-wasm' ? 'wasm' : 'cpu');
  throw new Error(`cold-child: no engine '${id}' (wasm, wasm-cli, tfjs-wasm, tfjs-cpu)`);
}

function line(value: object): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function main(): Promise<void> {
  const { loadWorkloads, singleModel } = await import('./workloads.js');
  const engine = await engineFor(kind);
  const [founding] = await loadWorkloads(['W1']);
  const reason = await engine.unavailable();
  if (reason) throw new Error(`${engine.name}: ${reason}`);
  const loadedAt = performance.now();
  const trainFirst = await engine.prepare(singleModel(founding, 0));
  let started = performance.now();
  await trainFirst();
  const firstModelMs = performance.now() - started;
  line({ engine: engine.name, model: founding.models[0].name, atStart, loadedAt, firstModelAt: performance.now(), firstModelMs });
  const trainSecond = await engine.prepare(singleModel(founding, 1));
  started = performance.now();
  await trainSecond();
  const secondModelMs = performance.now() - started;
  line({ model: founding.models[1].name, trainedAt: performance.now(), secondModelMs });
  // The first model again until warm: up to 8 repeats within the budget, at least one; with
  // more than one, the first is not counted (V8 may still be optimising code it runs).
  const repeats: number[] = [];
  const warmStarted = performance.now();
  while (repeats.length === 0 || (repeats.length < 8 && performance.now() - warmStarted < warmBudgetMs)) {
    started = performance.now();
    await trainFirst();
    repeats.push(performance.now() - started);
  }
  const warmMs = repeats.length > 1 ? repeats.slice(1) : repeats;
  line({ warmMs });
  await engine.dispose?.();
}

main().catch((error: unknown) => {
  process.stderr.write(`cold-child ${kind}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
