// Sizes and counts as people read them in messages: "1.5 GiB", "640 KiB", "1 epoch", "3 classes".

/**
 * A count with its noun, singular for exactly one: plural(1, 'epoch') is '1 epoch',
 * plural(100, 'epoch') '100 epochs', plural(3, 'class', 'classes') '3 classes'. Every
 * count wasmlp writes for people goes through it, so that none reads "1 epochs".
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
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
 * A number to `digits` significant digits, for figures that span decades (a loss of
 * 0.0000123 is '0.0000123', not '0.000000'): plain notation from 1e-6 to 1e6, exponent
 * notation beyond; '—' for NaN.
 */
export function formatSignificant(value: number, digits = 4): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(digits));
  const abs = Math.abs(rounded);
  if (abs >= 1e-6 && abs < 1e6) {
    // toFixed with the decimals that `digits` significant ones need: toPrecision alone turns to 'e-7' below 1e-6.
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
    return rounded.toFixed(Math.min(100, decimals));
  }
  return value.toExponential(digits - 1);
}
