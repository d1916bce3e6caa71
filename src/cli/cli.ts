// The CLI: the `wasmlp` command line. Bad input ends in one line on stderr and exit status 2.
import { Command, InvalidArgumentError, CommanderError, Option } from 'commander';
import { experimentCommand, type ExperimentOptions } from './experiment-command.js';
import { OutputError } from '../node/files.js';
import { BACKEND_NAMES } from '../node/backends.js';
import { DataError } from '../data/errors.js';
import { FOUNDING_CONFIG } from '../experiments/experiment.js';

/** Runs the command line; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let status = 0;
  const program = new Command('wasmlp')
    .description('WebAssembly-accelerated trainer for small dense networks, with frozen layers and parameters')
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(`wasmlp: ${text.replace(/^error: /, '').trim()}\n`),
    });
  const f = FOUNDING_CONFIG;
  program
    .command('experiment')
    .description('which layers need training? trains one network under several trainable sets and seeds and compares them')
    .option('--dataset <name|file>', 'built-in dataset (breast-cancer, iris, wine, digits) or a CSV file', 'breast-cancer')
    .option('--target <name|column>', 'target column of a CSV file: header name or 1-based number (default: last)')
    .option('--hidden <widths>', 'hidden layer widths, comma-separated ("none" for none)', f.hidden.join(','))
    .addOption(new Option('--activation <name>', 'hidden activation').choices(['relu', 'sigmoid', 'tanh', 'linear']).default(f.activation))
    .option('--epochs <n>', 'epochs per run', positiveInteger, f.epochs)
    .option('--batch-size <n>', 'samples per step', positiveInteger, f.batchSize)
    .option('--lr <rate>', 'learning rate (default 0.001 for adam, 0.01 for sgd)', positiveNumber)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(['adam', 'sgd']).default(f.optimizer))
    .option('--validation-split <fraction>', 'fraction of the rows held out for validation', fraction, f.validationSplit)
    .addOption(new Option('--backend <name>', 'compute backend: wasm (relaxed SIMD where the runtime has it), wasm-simd (the same bits everywhere), wasm-relaxed-simd, js').choices([...BACKEND_NAMES]).default('wasm'))
    .option('--train <sets>', 'trainable sets, comma-separated: all, none, every, bias, or layers joined by + (1, 2+3, 1k, 2b)', f.train)
    .option('--seed <n>', 'first seed (initial weights, shuffles, split)', integer, f.seeds[0])
    .option('--seeds <count>', 'number of seeds: seed, seed+1, ...', positiveInteger, 1)
    .option('--workers <n>', 'worker threads (default: one per core, 1 runs in this thread)', positiveInteger)
    .option('--json <file>', 'write machine-readable results')
    .option('--out <folder>', 'write report.html and loss.png')
    .action(async (options: ExperimentOptions) => {
      status = await experimentCommand(options);
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
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DataError || error instanceof RangeError || error instanceof OutputError) {
    process.stderr.write(`wasmlp: ${message}\n`);
    return 2;
  }
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
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0 && Number.isFinite(n))) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError('expected a fraction in [0, 1)');
  return n;
}
