// What one setting of an experiment is, and the kinds of value settings take. Each setting
// is declared once (settings.ts) with its name, default, check and help; the CLI makes its
// flags from the declarations and the page its URL keys, so neither restates them.

/** What a declaration says about a setting, whatever kind of value it takes. */
export interface SettingInfo<T> {
  /** Words for the page's messages: 'batch size'. */
  readonly label: string;
  /** The CLI's help for the flag. */
  readonly help: string;
  /** The CLI flag and its argument, such as '--batch-size <n>'; absent: not on the command line. */
  readonly flag?: string;
  /** The page's URL key; absent: not in the page (the command's own options, such as --json). */
  readonly urlKey?: string;
  /** The value when none is given; undefined: no value (optional, or derived from other settings). */
  readonly default: T | undefined;
  /** The default in words, for help, where the value alone would not say it ('the last column'). */
  readonly defaultHelp?: string;
  /** The values the page offers, where it offers fewer than the CLI. */
  readonly pageChoices?: readonly T[];
}

/** A declared setting: its information, and how its values are read, checked and written. */
export interface Setting<T> extends SettingInfo<T> {
  /** The values allowed, when they are a fixed list. */
  readonly choices?: readonly T[];
  /** Reads a value from text (a flag's argument, a URL's value); throws a RangeError saying what it expects. */
  parse(text: string): T;
  /** Checks a value that came as a value, as the page's form gives them; throws as parse does. */
  check(value: T): void;
  /** The text that parse reads back as this value. */
  format(value: T): string;
}

/** A setting's value type: what it holds once defaults are applied (undefined only if it has no default). */
export type SettingValue<S> = S extends Setting<infer T> ? (S extends { default: undefined } ? T | undefined : T) : never;

// `Number('')` and `Number(' ')` are 0, so blank text has to be refused before Number reads it.
function numberFrom(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

function numeric<const O extends SettingInfo<number>>(options: O, accepts: (n: number) => boolean, expected: string): Setting<number> & O {
  const check = (n: number): void => {
    if (!accepts(n)) throw new RangeError(`expected ${expected}`);
  };
  return {
    ...options,
    parse: (text) => {
      const n = numberFrom(text);
      check(n);
      return n;
    },
    check,
    // String gives the shortest text that reads back as the same double.
    format: (n) => String(n),
  };
}

/** A whole number, at least `min` when given (and at most `max`, with `beyond` saying how to go past it). */
export function wholeNumber<const O extends SettingInfo<number>>(options: O, min?: number, max?: { max: number; beyond: string }): Setting<number> & O {
  if (max !== undefined) {
    const from = min ?? Number.MIN_SAFE_INTEGER;
    return numeric(options, (n) => Number.isSafeInteger(n) && n >= from && n <= max.max, `a whole number${min === undefined ? '' : ` of at least ${min}`} and at most ${max.max} (${max.beyond})`);
  }
  return min === undefined
    ? numeric(options, Number.isSafeInteger, 'a whole number')
    : numeric(options, (n) => Number.isSafeInteger(n) && n >= min, `a whole number of at least ${min}`);
}

/** A finite number above 0 (and at most `max` when given). */
export function positiveNumber<const O extends SettingInfo<number>>(options: O, max?: number): Setting<number> & O {
  return max === undefined
    ? numeric(options, (n) => n > 0 && Number.isFinite(n), 'a positive number')
    : numeric(options, (n) => n > 0 && n <= max, `a positive number of at most ${max}`);
}

/** A fraction in [0, 1). */
export function fraction<const O extends SettingInfo<number>>(options: O): Setting<number> & O {
  return numeric(options, (n) => n >= 0 && n < 1, 'a fraction in [0, 1)');
}

/** A whole number of at least `min`, or the word 'none'. */
export function countOrNone<const O extends SettingInfo<number | 'none'>>(options: O, min: number): Setting<number | 'none'> & O {
  const check = (value: number | 'none'): void => {
    if (value !== 'none' && !(Number.isSafeInteger(value) && value >= min)) throw new RangeError(`expected a whole number of at least ${min}, or none`);
  };
  return {
    ...options,
    parse: (text) => {
      const value = text.trim() === 'none' ? 'none' : numberFrom(text);
      check(value);
      return value;
    },
    check,
    format: (value) => String(value),
  };
}

/** One of a fixed list of names. */
export function choice<const C extends string, const O extends SettingInfo<C>>(values: readonly C[], options: O): Setting<C> & O & { choices: readonly C[] } {
  const check = (value: string): void => {
    if (!(values as readonly string[]).includes(value)) throw new RangeError(`expected one of ${values.join(', ')}`);
  };
  return {
    ...options,
    choices: values,
    parse: (text) => {
      check(text);
      return text as C;
    },
    check,
    format: (value) => value,
  };
}

/** Text, with a check of its own (it throws a RangeError) or any text but the empty one. */
export function text<const O extends SettingInfo<string>>(options: O, check: (value: string) => void = nonEmpty): Setting<string> & O {
  return { ...options, parse: (value) => { check(value); return value; }, check, format: (value) => value };
}

function nonEmpty(value: string): void {
  if (value === '') throw new RangeError('expected a value');
}

/** A comma-separated list of items, each checked by `checkItem` (it throws a RangeError); never empty. */
export function list<const O extends SettingInfo<string[]>>(options: O, checkItem: (item: string) => void): Setting<string[]> & O {
  const check = (items: string[]): void => {
    if (items.length === 0) throw new RangeError('expected at least one item');
    for (const item of items) {
      if (item === '') throw new RangeError(`an empty item in '${items.join(',')}'`);
      checkItem(item);
    }
  };
  return {
    ...options,
    parse: (value) => {
      const items = value.split(',').map((item) => item.trim());
      check(items);
      return items;
    },
    check,
    format: (items) => items.join(','),
  };
}
