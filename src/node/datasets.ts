// Node-only: reads datasets from disk, the built-ins shipped in data/ or a user's CSV file.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseCsv, type Dataset } from '../data/csv.js';
import { DataError } from '../data/errors.js';
import { decodeCsvBytes } from '../data/text.js';
import { BUILTIN_DATASETS } from '../data/builtin.js';
import { ownValue } from '../config.js';

const DATA_DIR = new URL('../../../data/', import.meta.url);

/** Loads a built-in dataset by name. */
export async function loadBuiltinDataset(name: string): Promise<Dataset> {
  const builtin = ownValue(BUILTIN_DATASETS, name);
  if (!builtin) throw new RangeError(`unknown dataset '${name}' (built-in: ${Object.keys(BUILTIN_DATASETS).join(', ')})`);
  return loadDatasetFile(new URL(builtin.file, DATA_DIR).pathname, { name, featureNames: builtin.featureNames });
}

/** Loads a CSV file (gzip when its name ends in .gz); target: a header name or a 1-based column number. */
export async function loadDatasetFile(path: string, options: { name?: string; target?: string | number; featureNames?: string[] } = {}): Promise<Dataset> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
    throw new DataError(path, reason);
  }
  if (path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new DataError(path, 'not a valid gzip file');
    }
  }
  const text = decodeCsvBytes(bytes, path);
  return parseCsv(text, { source: path, name: options.name ?? path, target: options.target, featureNames: options.featureNames });
}
