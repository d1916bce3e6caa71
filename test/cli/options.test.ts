// The CLI's flags come from the settings' declarations: its defaults are the page's, a flag
// reads a value as the page's URL does, and a bad value ends in one line with exit status 2.
// `main` runs with a stand-in for the experiment, which receives the settings it would run.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/cli.js';
import { SETTINGS, SETTING_ENTRIES, type ExperimentSettings } from '../../src/experiments/settings.js';
import { settingsFromQuery, urlSettings } from '../../src/experiments/settings-url.js';

/** The settings `wasmlp experiment ...args` would run with, its exit status and what it wrote on stderr. */
async function cli(...args: string[]): Promise<{ settings: ExperimentSettings | null; status: number; stderr: string }> {
  let settings: ExperimentSettings | null = null;
  let stderr = '';
  const write = mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const status = await main(['node', 'wasmlp', 'experiment', ...args], async (given) => {
      settings = given;
      return 0;
    });
    return { settings, status, stderr };
  } finally {
    write.mock.restore();
  }
}

test('the CLI\'s defaults are the page\'s', async () => {
  const { settings, status } = await cli();
  assert.equal(status, 0);
  assert.ok(settings);
  assert.deepEqual(urlSettings(settings), settingsFromQuery(''));
  // the command's own settings have no value unless given
  assert.deepEqual([settings.workers, settings.init, settings.save, settings.shard, settings.pretrain, settings.shift, settings.targetFraction, settings.targetData, settings.json, settings.out], Array(10).fill(undefined));
});

test('SGD\'s default learning rate is the same on the command line as in the page: 0.01', async () => {
  const { settings } = await cli('--optimizer', 'sgd');
  assert.equal(settings?.learningRate, 0.01);
  assert.equal(settings?.learningRate, settingsFromQuery('?optimizer=sgd').learningRate);
  assert.equal((await cli('--optimizer', 'sgd', '--lr', '0.5')).settings?.learningRate, 0.5);
  assert.equal((await cli()).settings?.learningRate, 0.001);
});

test('every setting with a flag is an option, and a flag reads what the URL reads', async () => {
  const samples: Partial<Record<keyof typeof SETTINGS, string>> = {
    dataset: 'iris', target: 'kind', hidden: '4,4', activation: 'sigmoid', epochs: '3', batchSize: '8', learningRate: '0.02',
    optimizer: 'sgd', folds: '3', validationSplit: '0.5', backend: 'js', train: '1+2k,bias', seed: '-4', seeds: '2', workers: '2', init: 'models/a', save: 'models', shard: '2/3', pretrain: '20', shift: 'noise:0.5', targetFraction: '0.25', targetData: 'other.csv', maxInputMb: '12.5', json: 'r.json', out: 'out',
  };
  const flagged = SETTING_ENTRIES.filter(([, s]) => s.flag);
  assert.deepEqual(Object.keys(samples).sort(), flagged.map(([name]) => name).sort());
  for (const [name, setting] of flagged) {
    const text = samples[name] as string;
    const { settings, status, stderr } = await cli(setting.flag?.split(' ')[0] as string, text);
    assert.equal(status, 0, stderr);
    assert.deepEqual(settings?.[name], setting.parse(text), name);
    if (setting.urlKey) {
      const fromUrl = settingsFromQuery(`?${new URLSearchParams({ [setting.urlKey]: text })}`) as Record<string, unknown>;
      assert.deepEqual(settings?.[name], fromUrl[name], `${name}: the flag and the URL disagree`);
    }
  }
});

test('a bad value ends in one line naming the flag and what it expects, exit 2, and nothing runs', async () => {
  const cases: [string[], RegExp][] = [
    [['--epochs', '0'], /--epochs <n>' argument '0' is invalid\. expected a whole number of at least 1/],
    [['--lr', '-1'], /--lr <rate>' argument '-1' is invalid\. expected a positive number/],
    [['--validation-split', '1'], /expected a fraction in \[0, 1\)/],
    [['--activation', 'softmax'], /expected one of relu, sigmoid, tanh, linear/],
    [['--hidden', '16,x'], /--hidden <widths>' argument '16,x' is invalid\. 'x' is not a layer width/],
    [['--train', 'all,'], /an empty item in 'all,'/],
    [['--seed', ''], /expected a whole number$/m],
  ];
  for (const [args, message] of cases) {
    const { settings, status, stderr } = await cli(...args);
    assert.equal(status, 2, args.join(' '));
    assert.equal(settings, null, `${args.join(' ')} ran`);
    assert.match(stderr, /^wasmlp: option '/);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  }
});
