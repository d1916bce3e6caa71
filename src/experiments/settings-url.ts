// The settings as a URL query, so that a comparison can be shared as a link: every setting
// with a urlKey, read and written with its declaration (settings.ts). The page uses these
// through web/settings.ts; they live here, beside the declarations, so that Node's tests
// can run them against the CLI's.
import { SETTINGS, SETTING_ENTRIES, completeSettings, defaultValue, type ExperimentSettings, type SettingName } from './settings.js';

/** The names of the settings the page keeps in its URL. */
export type UrlSettingName = { [K in SettingName]: (typeof SETTINGS)[K] extends { urlKey: string } ? K : never }[SettingName];

/** The page's settings: those in its URL, narrowed to what the page offers. */
export type UrlSettings = {
  [K in UrlSettingName]: (typeof SETTINGS)[K] extends { pageChoices: readonly (infer C)[] } ? C : ExperimentSettings[K];
};

const URL_ENTRIES = SETTING_ENTRIES.filter(([, setting]) => setting.urlKey !== undefined);

/** The page's part of complete settings. */
export function urlSettings(settings: ExperimentSettings): UrlSettings {
  return Object.fromEntries(URL_ENTRIES.map(([name]) => [name, settings[name]])) as UrlSettings;
}

/** Settings from a URL query: the default for what it leaves out or gives as nonsense. */
export function settingsFromQuery(query: string): UrlSettings {
  return readQuery(query).settings;
}

/**
 * Settings from a URL query, and a line for each value it gives that was refused (the
 * default stands in for it), so that a mistyped link says what it lost.
 */
export function readQuery(query: string): { settings: UrlSettings; problems: string[] } {
  const params = new URLSearchParams(query);
  const given: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, setting] of URL_ENTRIES) {
    const text = params.get(setting.urlKey as string);
    if (text === null) continue;
    let value: unknown;
    try {
      value = setting.parse(text);
      if (setting.pageChoices && !setting.pageChoices.includes(value)) {
        throw new RangeError(`expected one of ${setting.pageChoices.map((choice) => setting.format(choice)).join(', ')}`);
      }
    } catch (error) {
      const fallback = defaultValue(name, { optimizer: (given.optimizer ?? SETTINGS.optimizer.default) as ExperimentSettings['optimizer'] });
      const shown = fallback === undefined ? 'left unset' : `${setting.format(fallback) || 'empty'} used instead`;
      problems.push(`the link's ${setting.label} '${text}' was refused (${error instanceof Error ? error.message : String(error)}); ${shown}`);
      continue;
    }
    given[name] = value;
  }
  return { settings: urlSettings(completeSettings(given as Partial<ExperimentSettings>)), problems };
}

/** The settings as a URL query ('' or '?...'), leaving out what equals its default. */
export function settingsToQuery(settings: UrlSettings): string {
  const params = new URLSearchParams();
  for (const [name, setting] of URL_ENTRIES) {
    const given = settings[name as UrlSettingName];
    // An optional setting left unset (no pretraining, no shift) has nothing to write.
    if (given === undefined) continue;
    const value = setting.format(given);
    // the learning rate's default depends on the optimizer: it is left out when it is that optimizer's
    const fallback = defaultValue(name, settings);
    if (fallback === undefined || value !== setting.format(fallback)) params.set(setting.urlKey as string, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
