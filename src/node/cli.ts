// Node-only: the `wasmlp` command line. Bad input ends in one line on stderr and exit status 2.
import { Command, InvalidArgumentError, CommanderError } from 'commander';
import { loadBackend } from './backends.js';
import { loadBuiltinDataset } from './datasets.js';
import { runFoundingExperiment } from '../experiments/founding.js';
import { DataError } from '../data/errors.js';

/** Runs the command line; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('wasmlp')
    .description('WebAssembly-accelerated trainer for small dense networks, with frozen layers and parameters')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let status = 0;
  program
    .command('founding')
    .description('train 30-16-8-1 on breast cancer twice from the same weights: all layers, then only layer 1')
    .option('--backend <name>', 'wasm or js', choice(['wasm', 'js']), 'wasm')
    .option('--epochs <n>', 'epochs per model', positiveInteger, 100)
    .option('--seed <n>', 'seed of the initial weights and the shuffles', integer, 100)
    .action(async (options: { backend: 'wasm' | 'js'; epochs: number; seed: number }) => {
      const data = await loadBuiltinDataset('breast-cancer');
      const backend = await loadBackend(options.backend);
      const started = performance.now();
      const runs = await runFoundingExperiment(data, backend, { epochs: options.epochs, seed: options.seed });
      const ms = performance.now() - started;
      console.log(`breast cancer: ${data.rows} samples, ${data.features} features; 30-16-8-1 relu/relu/sigmoid, Adam 0.001, batch 32, seed ${options.seed}, backend ${backend.name}`);
      for (const run of runs) {
        const last = run.loss.length - 1;
        const label = run.train === 'all' ? 'all layers trainable ' : `only layer ${run.train} trainable`;
        console.log(`${label}  (${run.trainableParams} of ${run.totalParams} params)  epoch ${last + 1}: loss ${run.loss[last].toFixed(4)}  accuracy ${run.accuracy[last].toFixed(4)}`);
      }
      console.log(`both models trained in ${ms.toFixed(0)} ms`);
    });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    status = reportError(error);
  }
  return status;
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof DataError || error instanceof RangeError) {
    process.stderr.write(`wasmlp: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`wasmlp: ${message}\n`);
  if (process.env.WASMLP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  return 1;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function choice(values: string[]): (value: string) => string {
  return (value) => {
    if (!values.includes(value)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return value;
  };
}
