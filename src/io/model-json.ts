// model.json, the file form of ModelArtifacts: the same fields, with the weight
// entries listed in a weightsManifest that names the files holding their bytes.
// Parsing is bounded (size and nesting) and the paths are checked, so that a hostile
// file cannot exhaust memory or stack, or point outside the model's folder.
import type { ModelArtifacts, WeightSpec } from './artifacts.js';
import { ModelFormatError, field, requireArray, requireRecord, requireString } from './json-fields.js';

/** The largest model.json wasmlp reads (the weights live in their own files). */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
/** The deepest nesting of arrays and objects in a model.json (TensorFlow.js's own files stay under 10). */
export const MAX_JSON_DEPTH = 64;

/** A model.json as TensorFlow.js writes it. */
export interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
  userDefinedMetadata?: unknown;
  wasmlp?: unknown;
}

/** model.json for artifacts whose weight data are written to one file, `weightsPath`. */
export function modelJsonFromArtifacts(artifacts: ModelArtifacts, weightsPath = 'weights.bin'): ModelJson {
  const { weightSpecs, weightData, ...rest } = artifacts;
  void weightData;
  return { ...rest, weightsManifest: [{ paths: [weightsPath], weights: weightSpecs ?? [] }] };
}

/** Parses model.json text, refusing oversized or too deeply nested text before JSON.parse sees it. */
export function parseModelJson(text: string): ModelJson {
  if (text.length > MAX_MODEL_JSON_BYTES) throw new ModelFormatError(`model.json is ${text.length} characters, more than the ${MAX_MODEL_JSON_BYTES} wasmlp reads`);
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new ModelFormatError(`model.json nests ${depth} levels deep, more than the ${MAX_JSON_DEPTH} a model file needs`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelFormatError(`model.json is not valid JSON (${(error as Error).message})`);
  }
  const json = requireRecord(value, 'model.json');
  if (field(json, 'modelTopology') === undefined) throw new ModelFormatError('model.json has no modelTopology');
  const manifest = requireArray(field(json, 'weightsManifest') ?? [], 'model.json\'s weightsManifest');
  manifest.forEach((group, g) => {
    const record = requireRecord(group, `weightsManifest group ${g + 1}`);
    requireArray(field(record, 'paths'), `weightsManifest group ${g + 1}'s paths`).forEach((path, p) => checkWeightPath(requireString(path, `weightsManifest group ${g + 1} path ${p + 1}`)));
    requireArray(field(record, 'weights'), `weightsManifest group ${g + 1}'s weights`);
  });
  return { ...json, weightsManifest: manifest } as unknown as ModelJson;
}

/** The weight files a model.json names, in the order their bytes follow each other. */
export function weightPaths(json: ModelJson): string[] {
  return json.weightsManifest.flatMap((group) => group.paths);
}

/** Artifacts from a parsed model.json and the bytes of its weight files, concatenated in weightPaths order. */
export function artifactsFromModelJson(json: ModelJson, weightData: ArrayBuffer | ArrayBuffer[]): ModelArtifacts {
  const { weightsManifest, ...rest } = json;
  return { ...rest, weightSpecs: weightsManifest.flatMap((group) => group.weights), weightData } as ModelArtifacts;
}

/**
 * A weight path must stay inside the model's folder: relative, no '..' segment, no
 * backslash or drive, no URL scheme ('./name.weights.bin', as TensorFlow.js's browser
 * downloads write it, is fine). A file that names another path is refused.
 */
export function checkWeightPath(path: string): void {
  const bad = path === '' || path.startsWith('/') || path.includes('\\') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path)
    || path.split('/').some((segment) => segment === '..' || segment === '') || path.includes('\0');
  if (bad) throw new ModelFormatError(`the weights path '${path.slice(0, 80)}' leaves the model's folder; weight files must sit beside model.json`);
}

// The deepest nesting of [ and { outside strings, in one pass without recursion.
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}
