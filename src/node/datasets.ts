// Node-only: reads the datasets shipped in the package's data/ folder.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseDatasetCsv, type Dataset } from '../data/csv.js';
import { DataError } from '../data/errors.js';

const DATA_DIR = new URL('../../../data/', import.meta.url);

/** The built-in datasets and their files. */
export const BUILTIN_DATASETS: Record<string, string> = {
  'breast-cancer': 'breast_cancer.csv',
  iris: 'iris.csv',
  wine: 'wine_data.csv',
  digits: 'digits.csv.gz',
};

/** Loads a built-in dataset by name. */
export async function loadBuiltinDataset(name: string): Promise<Dataset> {
  const file = BUILTIN_DATASETS[name];
  if (!file) throw new RangeError(`unknown dataset '${name}' (built-in: ${Object.keys(BUILTIN_DATASETS).join(', ')})`);
  return loadDatasetFile(new URL(file, DATA_DIR).pathname, name);
}

/** Loads a dataset file in scikit-learn's layout (gzip when it ends in .gz). */
export async function loadDatasetFile(path: string, name = path): Promise<Dataset> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(path, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`);
  }
  if (path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new DataError(path, 'not a valid gzip file');
    }
  }
  return parseDatasetCsv(bytes.toString('utf8'), path, name);
}
