// wasmlp's core: models, layers, masks, backends. It imports nothing from Node,
// so it runs unchanged in browsers, Web Workers, Deno, Bun and Cloudflare Workers.
export { Sequential } from './model.js';
export type { ModelOptions, CompileOptions, CompileConfig, FitOptions, History, EpochLogs } from './model.js';
export type { ModelArtifacts, WasmlpState, WeightSpec } from './io/artifacts.js';
export { modelJsonFromArtifacts, artifactsFromModelJson, parseModelJson, weightPaths, type ModelJson } from './io/model-json.js';
export { ModelFormatError } from './io/json-fields.js';
export { dense, DenseLayer } from './layer.js';
export type { DenseSpec, TrainableMask } from './layer.js';
export { adam, sgd } from './config.js';
export type { Activation, LossName, OptimizerSpec, AdamOptions, SgdOptions } from './config.js';
export type { Matrix } from './tensors.js';
export type { Backend, Engine } from './backends/backend.js';
export { createJsBackend } from './backends/js.js';
export { createWasmBackend } from './backends/wasm.js';
export type { WasmSource } from './backends/wasm-loader.js';
export { parseCsv, type Dataset, type CsvOptions } from './data/csv.js';
export { DataError } from './data/errors.js';
export { BUILTIN_DATASETS } from './data/builtin.js';
export { standardize, type Standardizer } from './data/standardize.js';
