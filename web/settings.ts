// The page's settings: read from and written to the form and the URL, so that a
// comparison can be shared as a link. Defaults are the founding experiment.
import { FOUNDING_CONFIG } from '../src/experiments/experiment.js';

export interface Settings {
  dataset: string;
  target: string;
  hidden: string;
  activation: 'relu' | 'sigmoid' | 'tanh' | 'linear';
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  validationSplit: number;
  seed: number;
  seeds: number;
  backend: 'wasm' | 'wasm-simd' | 'js';
  /** Trainable sets in the CLI's notation. */
  train: string[];
}

export const DEFAULTS: Settings = {
  dataset: 'breast-cancer', target: '', hidden: FOUNDING_CONFIG.hidden.join(','), activation: FOUNDING_CONFIG.activation,
  epochs: FOUNDING_CONFIG.epochs, batchSize: FOUNDING_CONFIG.batchSize, learningRate: FOUNDING_CONFIG.learningRate,
  optimizer: FOUNDING_CONFIG.optimizer, validationSplit: FOUNDING_CONFIG.validationSplit, seed: FOUNDING_CONFIG.seeds[0],
  seeds: 1, backend: 'wasm', train: FOUNDING_CONFIG.train.split(','),
};

const KEYS: Record<keyof Settings, string> = {
  dataset: 'dataset', target: 'target', hidden: 'hidden', activation: 'activation', epochs: 'epochs', batchSize: 'batch',
  learningRate: 'lr', optimizer: 'optimizer', validationSplit: 'split', seed: 'seed', seeds: 'seeds', backend: 'backend', train: 'train',
};

/** Settings from a URL query, defaults where it says nothing or nonsense. */
export function settingsFromQuery(query: string): Settings {
  const params = new URLSearchParams(query);
  const settings: Settings = { ...DEFAULTS, train: [...DEFAULTS.train] };
  const text = (key: keyof Settings): string | null => params.get(KEYS[key]);
  const number = (key: keyof Settings, valid: (n: number) => boolean): number | null => {
    const value = text(key);
    const n = value === null ? NaN : Number(value);
    return valid(n) ? n : null;
  };
  const whole = (n: number): boolean => Number.isInteger(n) && n >= 1;
  settings.dataset = text('dataset') ?? settings.dataset;
  settings.target = text('target') ?? settings.target;
  settings.hidden = text('hidden') ?? settings.hidden;
  settings.activation = oneOf(text('activation'), ['relu', 'sigmoid', 'tanh', 'linear'] as const) ?? settings.activation;
  settings.epochs = number('epochs', whole) ?? settings.epochs;
  settings.batchSize = number('batchSize', whole) ?? settings.batchSize;
  settings.learningRate = number('learningRate', (n) => n > 0 && Number.isFinite(n)) ?? settings.learningRate;
  settings.optimizer = oneOf(text('optimizer'), ['adam', 'sgd'] as const) ?? settings.optimizer;
  settings.validationSplit = number('validationSplit', (n) => n >= 0 && n < 1) ?? settings.validationSplit;
  settings.seed = number('seed', Number.isSafeInteger) ?? settings.seed;
  settings.seeds = number('seeds', whole) ?? settings.seeds;
  settings.backend = oneOf(text('backend'), ['wasm', 'wasm-simd', 'js'] as const) ?? settings.backend;
  const train = text('train');
  if (train) settings.train = train.split(',').filter((s) => s.trim() !== '');
  return settings;
}

/** The settings as a URL query, leaving out what equals the defaults. */
export function settingsToQuery(settings: Settings): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(KEYS) as (keyof Settings)[]) {
    const value = key === 'train' ? settings.train.join(',') : String(settings[key]);
    const fallback = key === 'train' ? DEFAULTS.train.join(',') : String(DEFAULTS[key]);
    if (value !== fallback) params.set(KEYS[key], value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

function oneOf<T extends string>(value: string | null, options: readonly T[]): T | null {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : null;
}
