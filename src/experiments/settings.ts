// The settings of an experiment, declared once: name, default, check, help, CLI flag and
// URL key. The CLI makes its options from this list (src/cli/options.ts) and the page
// reads and writes its URL with it (web/settings.ts), like TensorFlow Playground's
// state.ts. The defaults are the founding experiment. A setting only the CLI has (such as
// --json) has no urlKey; one only the page has would have no flag.
import { BUILTIN_DATASETS } from '../data/builtin.js';
import { BACKEND_NAMES } from '../backends/names.js';
import { INPUT_LIMITS } from '../data/limits.js';
import { EXPERIMENT_LIMITS } from './limits.js';
import { resolveOptimizer } from '../config.js';
import { parseHidden, type ExperimentConfig } from './experiment.js';
import { heldOutDesign } from './folds.js';
import { parseShard } from './shards.js';
import { parseShift } from './shifts.js';
import { checkSetNotation, parseTrainSets } from './train-sets.js';
import { choice, countOrNone, fraction, list, positiveNumber, text, wholeNumber, type Setting, type SettingInfo, type SettingValue } from './setting-kinds.js';

const OPTIMIZERS = ['adam', 'sgd'] as const;
/** The page's paces, in epochs per second. */
export const PACES = ['1', '2', '5', '10', '20', '50', 'full'] as const;

/** Keras's default learning rate of an optimiser (0.001 for Adam, 0.01 for SGD), as the core applies it. */
export function defaultLearningRate(optimizer: (typeof OPTIMIZERS)[number]): number {
  return resolveOptimizer(optimizer).learningRate;
}

/** Every setting, in the order the CLI's help lists them. */
export const SETTINGS = {
  dataset: text({
    label: 'dataset', flag: '--dataset <name|file>', urlKey: 'dataset', default: 'breast-cancer',
    help: `built-in dataset (${Object.keys(BUILTIN_DATASETS).join(', ')}) or a CSV file`,
    // A link cannot carry a file: 'upload' says one was chosen, and the page asks for it again.
    pageChoices: [...Object.keys(BUILTIN_DATASETS), 'upload'],
  }),
  target: text({
    label: 'target column', flag: '--target <name|column>', urlKey: 'target', default: '', defaultHelp: 'the last column',
    help: 'target column of a CSV file: header name or 1-based number',
  }, () => {}),
  hidden: text({
    label: 'hidden layers', flag: '--hidden <widths>', urlKey: 'hidden', default: '16,8',
    help: 'hidden layer widths, comma-separated ("none" for none)',
  }, (widths) => { parseHidden(widths); }),
  activation: choice(['relu', 'sigmoid', 'tanh', 'linear'], { label: 'activation', flag: '--activation <name>', urlKey: 'activation', default: 'relu', help: 'hidden activation' }),
  epochs: wholeNumber({ label: 'epochs', flag: '--epochs <n>', urlKey: 'epochs', default: 100, help: `epochs per run (at most ${EXPERIMENT_LIMITS.maxEpochs})` }, 1, {
    max: EXPERIMENT_LIMITS.maxEpochs, beyond: 'for longer training, continue from a saved model with --save and --init',
  }),
  batchSize: wholeNumber({ label: 'batch size', flag: '--batch-size <n>', urlKey: 'batch', default: 32, help: 'samples per step' }, 1),
  learningRate: positiveNumber({
    label: 'learning rate', flag: '--lr <rate>', urlKey: 'lr', default: undefined, help: 'learning rate',
    defaultHelp: OPTIMIZERS.map((o) => `${defaultLearningRate(o)} for ${o}`).join(', '),
  }),
  optimizer: choice(OPTIMIZERS, { label: 'optimizer', flag: '--optimizer <name>', urlKey: 'optimizer', default: 'adam', help: 'optimizer' }),
  folds: countOrNone({
    label: 'folds', flag: '--folds <k|none>', urlKey: 'folds', default: 5,
    help: 'stratified k-fold cross-validation: each run is judged on rows it did not train on; none trains on every row (training curves only)',
  }, 2),
  validationSplit: fraction({
    label: 'validation split', flag: '--validation-split <fraction>', urlKey: 'split', default: 0,
    help: 'instead of folds, one held-out fraction of the rows, drawn anew for each seed',
  }),
  backend: choice(BACKEND_NAMES, {
    label: 'backend', flag: '--backend <name>', urlKey: 'backend', default: 'wasm',
    help: 'compute backend: wasm (relaxed SIMD where the runtime has it), wasm-simd (the same bits everywhere), wasm-relaxed-simd, js',
    // The page's 'wasm' already picks relaxed SIMD where the browser has it.
    pageChoices: ['wasm', 'wasm-simd', 'js'],
  }),
  train: list({
    label: 'trainable sets', flag: '--train <sets>', urlKey: 'train', default: ['all', '1'],
    help: 'trainable sets, comma-separated: all, none, every, bias, or layers joined by + (1, 2+3, 1k, 2b)',
  }, checkSetNotation),
  seed: wholeNumber({ label: 'seed', flag: '--seed <n>', urlKey: 'seed', default: 100, help: 'first seed (initial weights, shuffles, split)' }),
  seeds: wholeNumber({ label: 'seeds', flag: '--seeds <count>', urlKey: 'seeds', default: 1, help: `number of seeds: seed, seed+1, ... (at most ${EXPERIMENT_LIMITS.maxSeeds})` }, 1, {
    max: EXPERIMENT_LIMITS.maxSeeds, beyond: 'for more, run further seeds from a later --seed',
  }),
  workers: wholeNumber({
    label: 'worker threads', flag: '--workers <n>', urlKey: 'workers', default: undefined, defaultHelp: 'one per core; 1 runs in this thread',
    help: 'worker threads',
  }, 1),
  init: text({
    label: 'a saved model to start from', flag: '--init <dir>', default: undefined,
    help: 'start every run from a saved model (a folder with model.json, or a model.json); it sets the network',
  }),
  save: text({ label: 'model folder', flag: '--save <dir>', default: undefined, help: 'write each run\'s final model to <dir>/<set>-seed<N>/ (<set>-seed<N>-fold<F>/ with folds)' }),
  pretrain: wholeNumber({
    label: 'pretraining epochs', flag: '--pretrain <epochs>', urlKey: 'pretrain', default: undefined,
    help: 'fine-tuning scenario: first train every layer on each fold\'s unshifted training rows for this many epochs; each trainable set then fine-tunes from that network',
  }, 1),
  shift: text({
    label: 'shift', flag: '--shift <kind>', urlKey: 'shift', default: undefined,
    help: 'shift the data after pretraining (or --init): input (a seeded invertible affine map of the features), label (a seeded permutation of the classes), noise:S (Gaussian noise of sd S)',
  }, (value) => { parseShift(value); }),
  targetFraction: positiveNumber({
    label: 'target fraction', flag: '--target-fraction <F>', urlKey: 'fraction', default: undefined,
    help: 'fine-tune on this stratified fraction of the (shifted) training rows, at least one per class: the few-shot case',
  }),
  targetData: text({
    label: 'target data', flag: '--target-data <file>', default: undefined,
    help: 'fine-tuning scenario: a second CSV with the dataset\'s columns; pretrain (--pretrain) on the dataset, then fine-tune and judge on folds of this one, scaled as the dataset was',
  }),
  maxInputMb: positiveNumber({
    label: 'input size limit', flag: '--max-input-mb <MiB>', default: INPUT_LIMITS.defaultMiB,
    help: `refuse a --dataset or --target-data file larger than this many MiB (after gzip is inflated); at most ${INPUT_LIMITS.maxMiB}, as a larger text is more than a JavaScript string holds`,
  }, INPUT_LIMITS.maxMiB),
  shard: text({
    label: 'shard', flag: '--shard <i/n>', default: undefined,
    help: 'run the i-th of n disjoint slices of the runs (sets x seeds x folds) and write that part to --json; wasmlp merge combines the parts',
  }, (value) => { parseShard(value); }),
  pace: choice(PACES, {
    label: 'pace', urlKey: 'pace', default: '10',
    help: 'epochs per second the page trains at, so that a person can watch the curves form and change a set in time (full: as fast as it can)',
  }),
  json: text({ label: 'results file', flag: '--json <file>', default: undefined, help: 'write machine-readable results' }),
  out: text({ label: 'output folder', flag: '--out <folder>', default: undefined, help: 'write report.html and loss.png' }),
};

export type SettingName = keyof typeof SETTINGS;

/** Every setting's value: its default where none was given, the learning rate's from the optimizer. */
export type ExperimentSettings = Omit<{ -readonly [K in SettingName]: SettingValue<(typeof SETTINGS)[K]> }, 'learningRate'> & { learningRate: number };

/** The declarations as a list, for code that treats every setting alike. */
export const SETTING_ENTRIES = Object.entries(SETTINGS) as [SettingName, Setting<unknown>][];

/** The founding experiment: 30-16-8-1 relu on breast cancer, Adam 0.001, batch 32, 100 epochs, sets all and 1, seed 100. */
export const FOUNDING_SETTINGS: Readonly<ExperimentSettings> = Object.freeze(completeSettings());

/** A setting's default given the others: its declared one, but the learning rate's is the optimizer's. */
export function defaultValue(name: SettingName, others: Pick<ExperimentSettings, 'optimizer'>): unknown {
  const value = name === 'learningRate' ? defaultLearningRate(others.optimizer) : SETTINGS[name].default;
  return Array.isArray(value) ? [...value] : value;
}

/** Fills in the defaults of what is not given (or given as undefined). */
export function completeSettings(given: Partial<ExperimentSettings> = {}): ExperimentSettings {
  const optimizer = given.optimizer ?? SETTINGS.optimizer.default;
  const settings: Record<string, unknown> = {};
  for (const [name] of SETTING_ENTRIES) settings[name] = given[name] ?? defaultValue(name, { optimizer });
  return settings as ExperimentSettings;
}

/** Checks the given settings' values; a RangeError names the first bad one by its label. */
export function checkSettings(given: Partial<ExperimentSettings>): void {
  for (const [name, setting] of SETTING_ENTRIES) {
    const value = given[name];
    if (value === undefined) continue;
    try {
      setting.check(value);
    } catch (error) {
      throw new RangeError(`${setting.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Checks the settings that only mean something together: a shift or a fraction of the rows
 * fine-tunes a trained network, so it needs pretraining or a saved model to start from.
 * `nameOf` names a setting as the caller shows it (the CLI's flag, the page's label).
 */
export function checkScenario(settings: Partial<ExperimentSettings>, hasInit: boolean, nameOf: (setting: SettingInfo<unknown>) => string): void {
  const fineTuning = (['shift', 'targetFraction', 'targetData'] as const).filter((name) => settings[name] !== undefined);
  if (fineTuning.length > 0 && settings.pretrain === undefined && !hasInit) {
    const names = fineTuning.map((name) => nameOf(SETTINGS[name]));
    throw new RangeError(`${names.join(' and ')} fine-tune${names.length === 1 ? 's' : ''} a trained network: give ${nameOf(SETTINGS.pretrain)} or ${nameOf(SETTINGS.init)}`);
  }
  if (settings.targetFraction !== undefined && settings.targetFraction > 1) {
    throw new RangeError(`${nameOf(SETTINGS.targetFraction)} must be in (0, 1], got ${settings.targetFraction}`);
  }
}

/** A setting's CLI flag without its argument ('--shift'), or its label when it has none. */
export function flagName(setting: SettingInfo<unknown>): string {
  return setting.flag ? setting.flag.split(' ')[0] : setting.label;
}

/** The network and runs the settings describe; a RangeError when the trainable sets do not fit the network. */
export function experimentConfig(settings: ExperimentSettings): ExperimentConfig {
  const hidden = parseHidden(settings.hidden, '--hidden');
  return {
    hidden, activation: settings.activation, epochs: settings.epochs, batchSize: settings.batchSize,
    learningRate: settings.learningRate, optimizer: settings.optimizer, validationSplit: settings.validationSplit,
    heldOut: heldOutDesign(settings.folds, settings.validationSplit),
    ...(settings.pretrain !== undefined || settings.shift !== undefined || settings.targetFraction !== undefined
      ? { transfer: { pretrainEpochs: settings.pretrain, shift: settings.shift === undefined ? undefined : parseShift(settings.shift), targetFraction: settings.targetFraction } }
      : {}),
    sets: parseTrainSets(settings.train.join(','), hidden.length + 1),
    seeds: Array.from({ length: settings.seeds }, (_, i) => settings.seed + i),
  };
}
