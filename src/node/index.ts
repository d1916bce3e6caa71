// wasmlp for Node: the core plus what needs Node (loading the kernels and the shipped data from disk).
export * from '../index.js';
export { loadBackend } from './backends.js';
export { loadBuiltinDataset, loadDatasetFile } from './datasets.js';
export { saveModel, loadModel } from './model-files.js';
