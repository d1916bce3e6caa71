// The page's side of model files: the files a user picks (model.json and its weight
// files) become artifacts, and a run's final model becomes two downloads named as
// TensorFlow.js's browser downloads name them (<name>.json, <name>.weights.bin).
import { artifactsFromModelJson, modelJsonFromArtifacts, parseModelJson, weightPaths } from '../src/io/model-json.js';
import { weightSpecBytes } from '../src/io/weights.js';
import type { ModelArtifacts } from '../src/io/artifacts.js';
import { readTopology } from '../src/io/topology.js';
import { plural } from '../src/units.js';

/** Artifacts from the files a user picked: one .json and the weight files it names (matched by file name). */
export async function readModelFiles(files: readonly File[]): Promise<{ artifacts: ModelArtifacts; summary: string }> {
  const jsons = files.filter((file) => file.name.toLowerCase().endsWith('.json'));
  if (jsons.length !== 1) throw new RangeError(`choose one model.json and its weights file${jsons.length > 1 ? `, not ${jsons.length} .json files` : ''}`);
  const jsonFile = jsons[0];
  const prefix = `${jsonFile.name}: `;
  try {
    const json = parseModelJson(await jsonFile.text());
    const expected = weightSpecBytes(json.weightsManifest.flatMap((group) => group.weights));
    const paths = weightPaths(json);
    const others = files.filter((file) => file !== jsonFile);
    const chosen = paths.map((path) => {
      const name = path.slice(path.lastIndexOf('/') + 1);
      const file = files.find((candidate) => candidate.name === name)
        // One weights file beside the model.json is its weights, whatever a browser renamed it to ('… (1).bin').
        ?? (paths.length === 1 && others.length === 1 ? others[0] : undefined);
      if (!file) throw new RangeError(`it names the weights file '${name}'; choose it too`);
      return file;
    });
    const total = chosen.reduce((sum, file) => sum + file.size, 0);
    if (total !== expected) {
      throw new RangeError(`the weights files hold ${plural(total, 'byte')}, but the weight entries describe ${expected}: the weights file is ${total < expected ? 'too short' : 'too long'}`);
    }
    const artifacts = artifactsFromModelJson(json, await Promise.all(chosen.map((file) => file.arrayBuffer())));
    const topology = readTopology(artifacts.modelTopology);
    const frozen = topology.layers.filter((layer) => layer.trainable === false).length;
    const summary = `${[topology.inputSize, ...topology.layers.map((layer) => layer.units)].join('-')} (${topology.layers.map((layer) => layer.activation).join(', ')})${frozen > 0 ? `, ${plural(frozen, 'frozen layer')}` : ''}`;
    return { artifacts, summary };
  } catch (error) {
    throw new RangeError(`${prefix}${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Starts the downloads of a model's two files, `${name}.json` and `${name}.weights.bin`. */
export function downloadModel(artifacts: ModelArtifacts, name: string): void {
  const json = modelJsonFromArtifacts(artifacts, `./${name}.weights.bin`);
  save(new Blob([`${JSON.stringify(json)}\n`], { type: 'application/json' }), `${name}.json`);
  save(new Blob([artifacts.weightData as ArrayBuffer], { type: 'application/octet-stream' }), `${name}.weights.bin`);
}

function save(blob: Blob, fileName: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; the URL only needs to outlive the click.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
