// The settings' declarations and the page's URL, which is read and written with them: every
// setting round-trips, nonsense falls back to the default, and the defaults are the founding
// experiment's. (test/cli/options.test.ts holds the CLI to the same declarations.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SETTINGS, SETTING_ENTRIES, FOUNDING_SETTINGS, completeSettings, checkSettings, defaultLearningRate, experimentConfig } from '../../src/experiments/settings.js';
import { readQuery, settingsFromQuery, settingsToQuery, type UrlSettingName, type UrlSettings } from '../../src/experiments/settings-url.js';
import { sgd, adam } from '../../src/index.js';
import { resolveOptimizer } from '../../src/config.js';

const DEFAULTS = settingsFromQuery('');

/** Per URL setting, a value other than its default (chosen to be awkward in a URL where it can be). */
const SAMPLES: { [K in UrlSettingName]: UrlSettings[K] } = {
  dataset: 'upload',
  target: 'kind of pet & size=large',
  hidden: 'none',
  activation: 'tanh',
  epochs: 7,
  batchSize: 1,
  learningRate: 1e-7,
  optimizer: 'sgd',
  validationSplit: 0.25,
  backend: 'wasm-simd',
  train: ['2k+3b', 'bias', 'every'],
  seed: -3,
  seeds: 12,
  folds: 'none',
  pretrain: 50,
  shift: 'noise:0.25',
  targetFraction: 0.5,
  pace: 'full',
  workers: 3,
};

/** Per URL setting, values its URL key may carry that are not values of it. */
const NONSENSE: { [K in UrlSettingName]: string[] } = {
  dataset: [''],
  target: [],
  hidden: ['16,x', '0', '16,,8', '2.5'],
  activation: ['softmax', 'RELU', ''],
  epochs: ['0', '1.5', 'ten', '', ' ', '-1'],
  batchSize: ['0', '3.5', '1e400'],
  learningRate: ['0', '-0.1', 'Infinity', 'NaN', '', 'fast'],
  optimizer: ['rmsprop', ''],
  validationSplit: ['1', '-0.1', '', 'half'],
  // the CLI has wasm-relaxed-simd; the page offers 'wasm', which picks it where it can
  backend: ['wasm-relaxed-simd', 'cuda', ''],
  train: ['', 'all,,1', 'first', '1x', 'all,', '1+1', 'all,2+2k'],
  seed: ['1.5', 'abc', '', '9007199254740993'],
  seeds: ['0', 'many', ''],
  folds: ['1', '2.5', 'zero', '', 'None'],
  pretrain: ['0', 'ten', '', '-5'],
  shift: ['sideways', '', 'noise:', 'noise:-1'],
  targetFraction: ['0', '-0.5', 'half', ''],
  pace: ['3', 'fast', '', 'FULL'],
  workers: ['0', 'two', '1.5', ''],
};

const urlNames = (): UrlSettingName[] => SETTING_ENTRIES.filter(([, s]) => s.urlKey !== undefined).map(([name]) => name as UrlSettingName);

test('the defaults are the founding experiment, with Keras\'s learning rates', () => {
  assert.deepEqual(DEFAULTS, {
    dataset: 'breast-cancer', target: '', hidden: '16,8', activation: 'relu', epochs: 100, batchSize: 32, learningRate: 0.001,
    optimizer: 'adam', validationSplit: 0, backend: 'wasm', train: ['all', '1'], seed: 100, seeds: 1,
    folds: 5, pretrain: undefined, shift: undefined, targetFraction: undefined, pace: '10', workers: undefined,
  });
  const config = experimentConfig(FOUNDING_SETTINGS);
  assert.deepEqual([config.hidden, config.sets.map((s) => s.name), config.seeds], [[16, 8], ['all', '1'], [100]]);
  assert.equal(defaultLearningRate('adam'), 0.001);
  assert.equal(defaultLearningRate('sgd'), 0.01);
});

test('SGD\'s default learning rate is 0.01 in the page\'s URL, in the settings and in the core', () => {
  assert.equal(settingsFromQuery('?optimizer=sgd').learningRate, 0.01);
  assert.equal(completeSettings({ optimizer: 'sgd' }).learningRate, 0.01);
  assert.equal(resolveOptimizer(sgd()).learningRate, 0.01);
  assert.equal(resolveOptimizer(adam()).learningRate, settingsFromQuery('?optimizer=adam').learningRate);
  // a learning rate that is not one falls back to the default of the optimizer given with it
  assert.equal(settingsFromQuery('?optimizer=sgd&lr=0').learningRate, 0.01);
  // a learning rate given by hand stays, whatever the optimizer
  assert.equal(settingsFromQuery('?optimizer=sgd&lr=0.001').learningRate, 0.001);
  assert.equal(settingsToQuery({ ...DEFAULTS, optimizer: 'sgd', learningRate: 0.01 }), '?optimizer=sgd');
  assert.equal(settingsToQuery({ ...DEFAULTS, optimizer: 'sgd', learningRate: 0.001 }), '?lr=0.001&optimizer=sgd');
});

test('the samples cover every setting in the URL, and differ from its default', () => {
  assert.deepEqual(Object.keys(SAMPLES).sort(), urlNames().sort());
  assert.deepEqual(Object.keys(NONSENSE).sort(), urlNames().sort());
  for (const name of urlNames()) assert.notDeepEqual(SAMPLES[name], DEFAULTS[name], name);
});

test('the defaults make an empty query, and an empty query gives the defaults', () => {
  assert.equal(settingsToQuery(DEFAULTS), '');
  assert.deepEqual(settingsFromQuery('?'), DEFAULTS);
});

test('every setting round-trips through the URL, alone and all together', () => {
  for (const name of urlNames()) {
    const settings = { ...DEFAULTS, [name]: SAMPLES[name] } as UrlSettings;
    const query = settingsToQuery(settings);
    const key = SETTINGS[name].urlKey;
    assert.ok(new URLSearchParams(query).has(key), `${name}: ${query} has no '${key}'`);
    assert.deepEqual(settingsFromQuery(query), settings, `${name} through ${query}`);
  }
  const all = { ...SAMPLES } as UrlSettings;
  assert.deepEqual(settingsFromQuery(settingsToQuery(all)), all);
});

test('a bad value in the URL falls back to that setting\'s default and leaves the others', () => {
  for (const name of urlNames()) {
    const key = SETTINGS[name].urlKey;
    // a good value of another setting beside it, which must stay
    const other = name === 'seeds' ? 'epochs' : 'seeds';
    for (const bad of NONSENSE[name]) {
      const query = `?${new URLSearchParams({ [key]: bad, [SETTINGS[other].urlKey]: '7' })}`;
      const expected = { ...DEFAULTS, [other]: 7 };
      assert.deepEqual(settingsFromQuery(query), expected, `${name} = '${bad}'`);
    }
  }
});

test('a link\'s refused values are named, each with what stands in for it', () => {
  const { settings, problems } = readQuery('?dataset=nope&epochs=0&pace=fast&seeds=3');
  assert.deepEqual(settings, { ...DEFAULTS, seeds: 3 });
  assert.deepEqual(problems, [
    "the link's dataset 'nope' was refused (expected one of breast-cancer, iris, wine, digits, upload); breast-cancer used instead",
    "the link's epochs '0' was refused (expected a whole number of at least 1 and at most 1000000 (for longer training, continue from a saved model with --save and --init)); 100 used instead",
    "the link's pace 'fast' was refused (expected one of 1, 2, 5, 10, 20, 50, full); 10 used instead",
  ]);
  assert.deepEqual(readQuery('?shift=sideways').problems.length, 1);
  assert.match(readQuery('?shift=sideways').problems[0], /shift 'sideways' was refused \(.*\); left unset$/);
  assert.deepEqual(readQuery(settingsToQuery({ ...DEFAULTS, ...SAMPLES } as UrlSettings)).problems, []);
});

test('declarations: unique flags and URL keys, defaults that pass their own checks, CLI-only settings kept out of the URL', () => {
  const flags = SETTING_ENTRIES.flatMap(([, s]) => (s.flag ? [s.flag.split(' ')[0]] : []));
  const keys = SETTING_ENTRIES.flatMap(([, s]) => (s.urlKey ? [s.urlKey] : []));
  assert.equal(new Set(flags).size, flags.length);
  assert.equal(new Set(keys).size, keys.length);
  for (const [name, setting] of SETTING_ENTRIES) {
    assert.ok(setting.flag || setting.urlKey, `${name} is neither a flag nor in the URL`);
    if (setting.default === undefined) continue;
    setting.check(setting.default);
    assert.deepEqual(setting.parse(setting.format(setting.default)), setting.default, name);
  }
  for (const cliOnly of ['json', 'out', 'save', 'init', 'shard'] as const) {
    assert.equal(SETTINGS[cliOnly].urlKey, undefined);
    assert.ok(!(cliOnly in DEFAULTS), cliOnly);
  }
});

test('checkSettings names the first bad value by its label, as the page shows it', () => {
  assert.doesNotThrow(() => checkSettings(DEFAULTS));
  assert.throws(() => checkSettings({ ...DEFAULTS, batchSize: 0 }), /^RangeError: batch size: expected a whole number of at least 1$/);
  assert.throws(() => checkSettings({ ...DEFAULTS, learningRate: Number('') }), /learning rate: expected a positive number/);
  assert.throws(() => checkSettings({ ...DEFAULTS, validationSplit: 1 }), /validation split: expected a fraction in \[0, 1\)/);
  assert.throws(() => checkSettings({ ...DEFAULTS, hidden: '8,y' }), /hidden layers: 'y' is not a layer width/);
});

test('a trainable set that repeats an item is refused alike on the command line and in the page, naming the item', () => {
  // The page's URL reader drops it for the default sets instead of reading '1+1' as '1'.
  assert.deepEqual(settingsFromQuery(`?${new URLSearchParams({ train: '1+1,2' })}`).train, DEFAULTS.train);
  // The page checks its settings with the declarations before it runs.
  assert.throws(() => checkSettings({ train: ['1+1'] }), /^RangeError: trainable sets: '1' appears twice in '1\+1'/);
  assert.throws(() => SETTINGS.train.parse('all,1+1'), /'1' appears twice in '1\+1'/);
});
