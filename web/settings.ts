// The page's settings: read from and written to the form and the URL, so that a
// comparison can be shared as a link. Names, defaults, checks and URL keys are the
// declarations in src/experiments/settings.ts, which the CLI's flags come from too.
import { checkSettings as checkDeclared, defaultLearningRate } from '../src/experiments/settings.js';
import { readQuery, settingsFromQuery, settingsToQuery, type UrlSettings } from '../src/experiments/settings-url.js';

/** The settings the page has: those in its URL. */
export type Settings = UrlSettings;

export { readQuery, settingsFromQuery, settingsToQuery, defaultLearningRate };

/** The page's defaults: the founding experiment, as the CLI's. */
export const DEFAULTS: Readonly<Settings> = Object.freeze(settingsFromQuery(''));

/** Checks settings read from the form; a RangeError names the first bad one. */
export function checkSettings(settings: Settings): void {
  checkDeclared(settings);
}
