// Node-only: a model's files on disk, model.json and weights.bin in TensorFlow.js's
// layers-model format. Writes are atomic per file; reads check sizes and paths
// before reading a byte of weights.
import { mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { Sequential } from '../model.js';
import type { Backend } from '../backends/backend.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import { ModelFormatError } from '../io/json-fields.js';
import { MAX_MODEL_JSON_BYTES, artifactsFromModelJson, modelJsonFromArtifacts, parseModelJson, weightPaths } from '../io/model-json.js';
import { weightSpecBytes } from '../io/weights.js';
import { writeFileAtomic } from './files.js';
import { plural } from '../units.js';

/**
 * Writes dir/model.json and dir/weights.bin (the folder is created). Each file is
 * written whole through a rename, weights first: a crash never leaves a truncated
 * file where a good one stood.
 */
export async function saveModel(model: Sequential, dir: string): Promise<void> {
  writeModelFiles(model.toArtifacts(), dir);
}

/** Writes artifacts as dir/model.json and dir/weights.bin, as saveModel does. */
export function writeModelFiles(artifacts: ModelArtifacts, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const json = modelJsonFromArtifacts(artifacts, 'weights.bin');
  writeFileAtomic(join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
  writeFileAtomic(join(dir, 'model.json'), `${JSON.stringify(json)}\n`);
}

/** Reads a model from a folder holding model.json, or from a model.json path; errors name the file. */
export async function loadModel(path: string, options: { backend: Backend; seed?: number }): Promise<Sequential> {
  const { artifacts, file } = readModelArtifacts(path);
  try {
    return Sequential.fromArtifacts(artifacts, options);
  } catch (error) {
    if (error instanceof RangeError) throw new ModelFormatError(`${file}: ${error.message}`);
    throw error;
  }
}

/** A model's files as artifacts (checked: sizes, paths, JSON), without building the model; errors name the file. */
export function readModelArtifacts(path: string): { artifacts: ModelArtifacts; file: string } {
  const modelJsonPath = statOrNull(path)?.isDirectory() ? join(path, 'model.json') : path;
  try {
    const stats = statOrNull(modelJsonPath);
    if (!stats) throw new ModelFormatError('no such file');
    if (!stats.isFile()) throw new ModelFormatError('not a file');
    if (stats.size > MAX_MODEL_JSON_BYTES) throw new ModelFormatError(`${stats.size} bytes, more than the ${MAX_MODEL_JSON_BYTES} wasmlp reads for a model.json`);
    const json = parseModelJson(readFileSync(modelJsonPath, 'utf8'));
    const folder = realpathSync(dirname(resolve(modelJsonPath)));
    const files = weightPaths(json).map((weightPath) => {
      const file = join(folder, weightPath);
      const real = statOrNull(file) ? realpathSync(file) : file;
      const inside = relative(folder, real);
      if (inside.startsWith('..') || isAbsolute(inside)) throw new ModelFormatError(`the weights file '${weightPath}' links outside the model's folder`);
      const size = statOrNull(real);
      if (!size?.isFile()) throw new ModelFormatError(`the weights file '${weightPath}' is missing`);
      return { file: real, size: Number(size.size) };
    });
    // The files' sizes must match the entries before a byte is read: a huge or endless file is never loaded.
    const expected = weightSpecBytes(json.weightsManifest.flatMap((group) => group.weights));
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (total !== expected) {
      throw new ModelFormatError(`the weights files hold ${plural(total, 'byte')}, but the weight entries describe ${expected}: the weights file is ${total < expected ? 'too short' : 'too long'}`);
    }
    const buffers = files.map(({ file }) => {
      const bytes = readFileSync(file);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    });
    return { artifacts: artifactsFromModelJson(json, buffers), file: modelJsonPath };
  } catch (error) {
    if (error instanceof RangeError) throw new ModelFormatError(`${modelJsonPath}: ${error.message}`);
    throw error;
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
