// Node-only: reads datasets from disk, the built-ins shipped in data/ or a user's CSV file.
// Every file is read with a bound (INPUT_LIMITS): a larger file, an endless stream such as
// /dev/zero, or gzip that inflates beyond the bound is refused with the limit in the
// message, after reading at most the limit and one byte, never inflated in full.
import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseCsv, type Dataset } from '../data/csv.js';
import { DataError } from '../data/errors.js';
import { decodeCsvBytes } from '../data/text.js';
import { BUILTIN_DATASETS } from '../data/builtin.js';
import { ownValue } from '../config.js';
import { formatBytes } from '../units.js';
import { INPUT_LIMITS } from '../data/limits.js';

const DATA_DIR = new URL('../../../data/', import.meta.url);

export { INPUT_LIMITS };

const MIB = 1024 * 1024;
const CHUNK = 1024 * 1024;

/** Loads a built-in dataset by name. */
export async function loadBuiltinDataset(name: string): Promise<Dataset> {
  const builtin = ownValue(BUILTIN_DATASETS, name);
  if (!builtin) throw new RangeError(`unknown dataset '${name}' (built-in: ${Object.keys(BUILTIN_DATASETS).join(', ')})`);
  return loadDatasetFile(new URL(builtin.file, DATA_DIR).pathname, { name, featureNames: builtin.featureNames });
}

/**
 * Loads a CSV file (gzip when its name ends in .gz); target: a header name or a 1-based column number.
 * maxMiB bounds the file and its inflated text (INPUT_LIMITS.defaultMiB when not given).
 */
export async function loadDatasetFile(
  path: string,
  options: { name?: string; target?: string | number; featureNames?: string[]; maxMiB?: number } = {},
): Promise<Dataset> {
  const maxMiB = options.maxMiB ?? INPUT_LIMITS.defaultMiB;
  if (!(maxMiB > 0 && maxMiB <= INPUT_LIMITS.maxMiB)) throw new RangeError(`the input size limit must be above 0 and at most ${INPUT_LIMITS.maxMiB} MiB, got ${maxMiB}`);
  const limit = Math.floor(maxMiB * MIB);
  let bytes = await readBounded(path, limit);
  if (path.endsWith('.gz')) bytes = inflateBounded(bytes, path, limit);
  const text = decodeCsvBytes(bytes, path);
  return parseCsv(text, { source: path, name: options.name ?? path, target: options.target, featureNames: options.featureNames });
}

// What to say of a file over the limit, and how to go beyond it.
function tooLarge(path: string, what: string, limit: number): DataError {
  return new DataError(path, `${what} more than the input size limit of ${formatBytes(limit)}; raise it with --max-input-mb (at most ${INPUT_LIMITS.maxMiB})`);
}

/**
 * Reads a file in chunks, at most limit + 1 bytes: a regular file whose size is over the
 * limit is refused before reading, and a stream (a device, a pipe) as soon as it passes it.
 */
export async function readBounded(path: string, limit: number): Promise<Buffer> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const stat = await file.stat();
    if (stat.isDirectory()) throw new DataError(path, 'is a folder, not a file');
    if (stat.isFile() && stat.size > limit) throw tooLarge(path, `the file has ${formatBytes(stat.size)},`, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const room = limit + 1 - total;
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, room));
      let read: number;
      try {
        ({ bytesRead: read } = await file.read(chunk, 0, chunk.length, null));
      } catch (error) {
        throw unreadable(path, error);
      }
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > limit) throw tooLarge(path, 'it holds', limit);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await file.close();
  }
}

function unreadable(path: string, error: unknown): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
  return new DataError(path, reason);
}

// zlib stops inflating once its output passes maxOutputLength, so a gzip bomb is never inflated in full.
function inflateBounded(bytes: Buffer, path: string, limit: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(path, 'inflated, it holds', limit);
    throw new DataError(path, 'not a valid gzip file');
  }
}
