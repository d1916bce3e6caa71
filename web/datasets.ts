// Datasets in the page: the built-ins bundled with it (no network beyond its own
// origin), and CSV files from the user's disk, parsed with the CLI's rules and errors.
import { parseCsv, BUILTIN_DATASETS, type Dataset } from '../src/index.js';
import { decodeCsvBytes } from '../src/data/text.js';
import { ownValue } from '../src/config.js';
import breastCancer from '../data/breast_cancer.csv?raw';
import iris from '../data/iris.csv?raw';
import wine from '../data/wine_data.csv?raw';
import digitsUrl from '../data/digits.csv.gz?url';

const TEXTS: Record<string, string | (() => Promise<string>)> = {
  'breast-cancer': breastCancer, iris, wine, digits: () => gunzipText(digitsUrl),
};

/** A built-in dataset by name. */
export async function builtinDataset(name: string): Promise<Dataset> {
  const source = ownValue(TEXTS, name);
  if (source === undefined) throw new RangeError(`unknown dataset '${name}' (built-in: ${Object.keys(TEXTS).join(', ')})`);
  const text = typeof source === 'string' ? source : await source();
  return parseCsv(text, { source: name, name, featureNames: BUILTIN_DATASETS[name].featureNames });
}

/** A user's CSV file (gzip when it ends in .gz); target: header name or 1-based column, or empty for the last. */
export async function fileDataset(file: File, target: string): Promise<Dataset> {
  const bytes = file.name.endsWith('.gz') ? await gunzip(file.stream()) : new Uint8Array(await file.arrayBuffer());
  const text = decodeCsvBytes(bytes, file.name);
  return parseCsv(text, { source: file.name, name: file.name, target: target.trim() === '' ? undefined : target.trim() });
}

async function gunzipText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A server that labels .gz files as gzip-encoded has the browser inflate them already.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  return new TextDecoder().decode(await gunzip(new Blob([bytes]).stream()));
}

async function gunzip(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  // DOM's stream typings disagree on the chunk type; the bytes are bytes.
  const inflate = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  return new Uint8Array(await new Response(stream.pipeThrough(inflate)).arrayBuffer());
}
