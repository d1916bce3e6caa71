// The CLI: the `wasmlp` command line. Bad input ends in one line on stderr and exit status 2.
import { Command, CommanderError } from 'commander';
import { experimentCommand } from './experiment-command.js';
import { mergeCommand } from './merge-command.js';
import { addSettingOptions } from './options.js';
import { OutputError } from '../node/files.js';
import { DataError } from '../data/errors.js';
import type { ExperimentSettings } from '../experiments/settings.js';
import { WASMLP_VERSION } from '../version.js';

/** Runs the command line; resolves to the exit status. `experiment` runs the command (tests pass their own). */
export async function main(
  argv: readonly string[],
  experiment: (settings: ExperimentSettings) => Promise<number> = experimentCommand,
  merge: (parts: string[], options: { json?: string; out?: string }) => Promise<number> = mergeCommand,
): Promise<number> {
  // A reader that stops early (`wasmlp experiment | head`) closes the pipe: that ends the
  // command quietly, as it does for other command-line tools, instead of with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  let status = 0;
  const program = new Command('wasmlp')
    .description('WebAssembly-accelerated trainer for small dense networks, with frozen layers and parameters')
    .version(WASMLP_VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(`wasmlp: ${text.replace(/^error: /, '').trim()}\n`),
    });
  const command = program
    .command('experiment')
    .description('which layers need training? trains one network under several trainable sets and seeds and compares them');
  const settingsOf = addSettingOptions(command);
  command.action(async (values: Record<string, unknown>) => {
    status = await experiment(settingsOf(values));
  });
  program
    .command('merge')
    .description('combine the parts that experiment --shard i/n wrote into the results, report and charts of one run')
    .argument('<parts...>', 'the parts\' JSON files, one per shard')
    .option('--json <file>', 'write the merged results')
    .option('--out <folder>', 'write report.html and loss.png')
    .action(async (parts: string[], values: { json?: string; out?: string }) => {
      status = await merge(parts, values);
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
