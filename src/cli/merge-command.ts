// The CLI: `wasmlp merge PARTS... --json FILE --out DIR` combines the parts that
// `wasmlp experiment --shard i/n --json PART` wrote into the results, report and charts
// of one run of the whole experiment.
import { readFileSync, statSync } from 'node:fs';
import { checkOutputFolder, checkWritableFile, createOutputFolders } from '../node/files.js';
import { mergeParts, type ResultsPart } from '../experiments/shards.js';
import { describeExperiment, experimentVerdict } from '../experiments/describe.js';
import { withVerdict } from '../experiments/results.js';
import { printComparison, writeOutputs } from './outputs.js';
import { plural } from '../units.js';
import type { ImportModule } from './png-loader.js';

/** The largest part file merge reads: far above any real experiment's results. */
const MAX_PART_BYTES = 512 * 1024 * 1024;

/** Merges the parts and writes what one run would; resolves to the exit status. */
export async function mergeCommand(files: readonly string[], options: { json?: string; out?: string }, importModule?: ImportModule): Promise<number> {
  const folders = options.out ? [{ path: options.out, option: '--out' }] : [];
  if (options.json) checkWritableFile(options.json, '--json', folders.map((folder) => folder.path));
  if (options.out) checkOutputFolder(options.out, '--out');
  const parts = files.map((name) => ({ name, part: readPart(name) }));
  const results = mergeParts(parts);
  // The parts are good: only now are folders made, so a refused merge leaves none behind.
  createOutputFolders(folders);
  const header = describeExperiment(results);
  console.log(header.dataset);
  for (const line of header.settings) console.log(line);
  const verdict = experimentVerdict(results);
  printComparison(results, verdict);
  console.log(`${plural(results.runs.length, 'run')} merged from ${plural(parts.length, 'part')}`);
  await writeOutputs(results, verdict, withVerdict(results, verdict), options, importModule);
  return results.runs.some((run) => run.divergedAt !== undefined) ? 1 : 0;
}

function readPart(file: string): ResultsPart {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_PART_BYTES) throw new RangeError(`${file}: ${size} bytes, more than a results part can be`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof RangeError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RangeError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`}`);
  }
  let part: unknown;
  try {
    part = JSON.parse(text);
  } catch {
    throw new RangeError(`${file}: not JSON; give the files that wasmlp experiment --shard i/n --json wrote`);
  }
  const record = part as Partial<ResultsPart> | null;
  const shard = record?.shard;
  if (typeof record !== 'object' || record === null || !Array.isArray(record.runs) || typeof shard !== 'object' || shard === null
    || !Number.isSafeInteger(shard.index) || !Number.isSafeInteger(shard.count) || !Array.isArray(shard.jobs) || !record.config || !record.dataset) {
    throw new RangeError(`${file}: not a part of a sharded experiment (wasmlp experiment --shard i/n --json writes those)`);
  }
  return record as ResultsPart;
}
