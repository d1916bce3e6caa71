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
  const params = new URLSearchParams(query);
  const given: Record<string, unknown> = {};
  for (const [name, setting] of URL_ENTRIES) {
    const text = params.get(setting.urlKey as string);
    if (text === null) continue;
    let value: unknown;
    try {
      value = setting.parse(text);
    } catch {
      continue;
    }
    if (setting.pageChoices && !setting.pageChoices.includes(value)) continue;
    given[name] = value;
  }
  return urlSettings(completeSettings(given as Partial<ExperimentSettings>));
}

/** The settings as a URL query ('' or '?...'), leaving out what equals its default. */
export function settingsToQuery(settings: UrlSettings): string {
  const params = new URLSearchParams();
  for (const [name, setting] of URL_ENTRIES) {
    const value = setting.format(settings[name as UrlSettingName]);
    // the learning rate's default depends on the optimizer: it is left out when it is that optimizer's
    if (value !== setting.format(defaultValue(name, settings))) params.set(setting.urlKey as string, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
