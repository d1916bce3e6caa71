// The CLI: commander options made from the settings' declarations (src/experiments/settings.ts),
// so that a flag's name, default, check and help are the ones the page's URL uses.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { SETTING_ENTRIES, completeSettings, type ExperimentSettings, type SettingName } from '../experiments/settings.js';

/** Adds a flag for each setting that has one; returns how to read the settings back from commander's values. */
export function addSettingOptions(command: Command): (values: Record<string, unknown>) => ExperimentSettings {
  const flags: [SettingName, Option][] = [];
  for (const [name, setting] of SETTING_ENTRIES) {
    if (!setting.flag) continue;
    const derivedDefault = setting.default === undefined && setting.defaultHelp !== undefined;
    const option = new Option(setting.flag, derivedDefault ? `${setting.help} (default: ${setting.defaultHelp})` : setting.help);
    // choices() only for the help's list: the declaration's own parse checks every value.
    if (setting.choices) option.choices(setting.choices.map(String));
    option.argParser((text: string) => {
      try {
        return setting.parse(text);
      } catch (error) {
        throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
      }
    });
    if (setting.default !== undefined) option.default(setting.default, setting.defaultHelp ?? setting.format(setting.default));
    command.addOption(option);
    flags.push([name, option]);
  }
  return (values) => completeSettings(Object.fromEntries(flags.map(([name, option]) => [name, values[option.attributeName()]])) as Partial<ExperimentSettings>);
}
