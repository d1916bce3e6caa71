// The settings form: each setting the page keeps in its URL has one field, read and written
// through the setting's own declaration (parse, check, format in src/experiments/settings.ts),
// so that the form, the URL and the CLI's flags agree without restating a rule.
import { SETTINGS, SETTING_ENTRIES, flagName } from '../src/experiments/settings.js';
import type { UrlSettingName } from '../src/experiments/settings-url.js';
import type { Setting } from '../src/experiments/setting-kinds.js';
import type { Settings } from './settings.js';

/** The form field of each URL setting but the trainable sets (the sets editor holds those). */
const FIELDS: Record<Exclude<UrlSettingName, 'train'>, string> = {
  dataset: 'dataset', target: 'target', hidden: 'hidden', activation: 'activation', epochs: 'epochs', batchSize: 'batch-size',
  learningRate: 'lr', optimizer: 'optimizer', folds: 'folds', validationSplit: 'validation-split', backend: 'backend',
  seed: 'seed', seeds: 'seeds', pretrain: 'pretrain', shift: 'shift', targetFraction: 'fraction', pace: 'pace', workers: 'workers',
};

const NAMES = Object.keys(FIELDS) as (keyof typeof FIELDS)[];

/** A form field of the page, by setting. */
export function fieldOf(name: keyof typeof FIELDS): HTMLInputElement | HTMLSelectElement {
  return document.getElementById(FIELDS[name]) as HTMLInputElement | HTMLSelectElement;
}

/**
 * The settings in the form, with `train` from the sets editor. A blank optional field (no
 * pretraining, no shift) is unset; a value its declaration refuses throws a RangeError
 * naming the setting by its label.
 */
export function readForm(train: string[]): Settings {
  const settings: Record<string, unknown> = { train };
  for (const name of NAMES) {
    const setting = SETTINGS[name] as Setting<unknown>;
    const text = fieldOf(name).value.trim();
    if (text === '' && setting.default === undefined && name !== 'learningRate') {
      settings[name] = undefined;
      continue;
    }
    try {
      settings[name] = setting.parse(text);
    } catch (error) {
      throw new RangeError(`${setting.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return settings as unknown as Settings;
}

/** Shows the settings in the form; a select lacking a value (a noise level typed into a link) gains it. */
export function writeForm(settings: Settings): void {
  for (const name of NAMES) {
    const setting = SETTINGS[name] as Setting<unknown>;
    const value = settings[name];
    const text = value === undefined ? '' : setting.format(value);
    const field = fieldOf(name);
    if (field instanceof HTMLSelectElement && ![...field.options].some((option) => option.value === text)) field.add(new Option(text, text));
    field.value = text;
  }
}

// Longest first, so that '--target-fraction' is not read as '--target' followed by '-fraction'.
const FLAG_LABELS = SETTING_ENTRIES.filter(([, setting]) => setting.flag).map(([, setting]) => [flagName(setting), setting.label] as const)
  .sort((a, b) => b[0].length - a[0].length);

/** A message from the shared code in the page's words: each CLI flag it names ('--folds') by its setting's label. */
export function inPageWords(text: string): string {
  let words = text;
  for (const [flag, label] of FLAG_LABELS) words = words.split(flag).join(label);
  return words;
}
