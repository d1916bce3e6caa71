// Sizes and counts as people read them in messages: "1.5 GiB", "640 KiB", "1 epoch", "3 classes".

/**
 * A count with its noun, singular for exactly one: plural(1, 'epoch') is '1 epoch',
 * plural(100, 'epoch') '100 epochs', plural(3, 'class', 'classes') '3 classes'. Every
 * count wasmlp writes for people goes through it, so that none reads "1 epochs".
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/**
 * A whole number with its thousands grouped, as en-US writes it: formatCount(1234567) is
 * '1,234,567'. Written out rather than with toLocaleString, whose first call in a process
 * loads the ICU locale data (20-40 ms), which a command that only checks a size should not pay.
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A byte count in binary units, three significant digits. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? plural(value, 'byte') : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

/**
 * Text for a one-line message: control characters (a line break inside a quoted CSV cell
 * or a JSON string, say) written as escapes, so that an error quoting what a file holds
 * stays the one line it promises.
 */
export function oneLine(text: string): string {
  // By code, not as '\n' literals: the bundle's minifier writes those as raw line breaks.
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    const code = c.charCodeAt(0);
    return ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const ESCAPES: Readonly<Record<number, string>> = { 9: '\\t', 10: '\\n', 13: '\\r' };

/**
 * A number to `digits` significant digits, trailing zeros kept (they are significant), for
 * figures that span decades, such as losses late in a long run: formatSignificant(0.2633991, 4)
 * is '0.2634', formatSignificant(0.25, 3) '0.250', formatSignificant(0.00001234567, 4)
 * '1.235e-5' (below 1e-4 and from 1e6 up, exponent notation, which stays short).
 * Fixed decimals (toFixed(6)) print every loss below 5e-7 as 0.000000.
 */
export function formatSignificant(value: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) throw new RangeError(`significant digits must be a whole number from 1 to 21, not ${digits}`);
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  // Rounded first, so that 0.99996 to 4 digits is 1.000 rather than 1.0000.
  const rounded = Number(value.toPrecision(digits));
  const abs = Math.abs(rounded);
  if (abs < 1e-4 || abs >= 1e6) return rounded.toExponential(digits - 1).replace('e+', 'e');
  // The decimal exponent as the number prints it (Math.log10 can land a hair below a power of ten).
  const exponent = Number(rounded.toExponential().split('e')[1]);
  return rounded.toFixed(Math.max(0, digits - 1 - exponent));
}
