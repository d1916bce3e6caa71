// Turns CSV text into a classification dataset: the layout scikit-learn ships
// (a first line "rows,features,class names...") or any CSV of the user's, with or
// without a header row, numeric features and a target column of integer or string labels.
import { DataError } from './errors.js';
import { csvRecords, detectSeparator, type CsvRecord } from './csv-records.js';
import { plural } from '../units.js';

/** A classification dataset: features row-major, integer labels, class names. */
export interface Dataset {
  name: string;
  rows: number;
  features: number;
  /** rows x features, row-major. */
  x: Float64Array;
  /** Class index of each row, from 0. */
  y: Int32Array;
  classNames: string[];
  featureNames: string[];
  targetName: string;
  /** How the file was read where it could have been read otherwise (separator, header), for the user to check. */
  notes: string[];
}

export interface CsvOptions {
  /** Names the file in errors. */
  source: string;
  /** The dataset's name in reports; defaults to source. */
  name?: string;
  /** The target column: a header name, or a 1-based column number. Default: the last column. */
  target?: string | number;
  /** Feature names for files without a header (the built-in datasets). */
  featureNames?: string[];
}

const MISSING = new Set(['', 'na', 'nan', 'null', '?', 'n/a']);

/** Parses CSV text into a dataset, with one DataError naming the row and column of anything wrong. */
export function parseCsv(text: string, options: CsvOptions): Dataset {
  const { source } = options;
  const body = text.replace(/^\uFEFF/, '');
  const separator = detectSeparator(body);
  const notes = separator === ',' ? [] : [`read as ${separator === ';' ? 'semicolon' : 'tab'}-separated: its lines hold no commas between columns`];
  const records = csvRecords(body, source, separator);
  if (records.length === 0) throw new DataError(source, 'the file is empty');
  const layout = sklearnHeader(records);
  if (layout) return fromSklearnLayout(records, layout, options);
  const width = records[0].cells.length;
  const header1 = detectHeader(records, targetGuess(options.target, width));
  const hasHeader = header1.header;
  if (header1.note) notes.push(header1.note);
  const header = hasHeader ? records[0].cells.map((c) => c.trim()) : Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) throw new DataError(source, 'the file has a header but no data rows');
  if (width < 2) throw new DataError(source, 'each row needs at least one feature and a target', records[0].line);
  const target = targetColumn(options.target, header, hasHeader, source);
  checkWidths(rows, width, source);
  const featureColumns = header.map((_, c) => c).filter((c) => c !== target);
  const labels = rows.map((record) => {
    const cell = record.cells[target].trim();
    if (MISSING.has(cell.toLowerCase())) throw new DataError(source, `missing target value (column '${header[target]}')`, record.line, target + 1);
    return cell;
  });
  const { y, classNames } = encodeLabels(labels, rows, target, header[target], source);
  const x = readFeatures(rows, featureColumns, header, source, separator);
  const featureNames = options.featureNames ?? featureColumns.map((c) => header[c]);
  return finish({ name: options.name ?? source, rows: rows.length, features: featureColumns.length, x, y, classNames, featureNames, targetName: header[target], notes }, source);
}

interface SklearnLayout { rows: number; features: number; classNames: string[] }

// scikit-learn's files open with "rows,features,class names", a line narrower or wider than the data.
function sklearnHeader(records: CsvRecord[]): SklearnLayout | null {
  const first = records[0].cells.map((c) => c.trim());
  if (first.length < 3 || records.length < 2) return null;
  const rows = Number(first[0]);
  const features = Number(first[1]);
  if (!Number.isInteger(rows) || !Number.isInteger(features) || first[0] === '' || first[1] === '') return null;
  if (records[1].cells.length !== features + 1) return null;
  // A first line as wide as the data (iris: 150,4 and three class names) is this layout only
  // when it announces the rows that follow and names its classes in words; otherwise it is a row.
  const classNames = first.slice(2);
  const named = classNames.every((name) => name !== '' && !Number.isFinite(Number(name)));
  if (first.length === features + 1 && !(named && rows === records.length - 1)) return null;
  return { rows, features, classNames };
}

function fromSklearnLayout(records: CsvRecord[], layout: SklearnLayout, options: CsvOptions): Dataset {
  const { source } = options;
  const width = layout.features + 1;
  if (options.target !== undefined && options.target !== width && options.target !== String(width)) {
    throw new DataError(source, `this file's target is its last column (${width}); --target cannot choose another`);
  }
  const rows = records.slice(1);
  checkWidths(rows, width, source);
  if (layout.rows !== rows.length) throw new DataError(source, `the header announces ${plural(layout.rows, 'row')}, the file has ${rows.length}`, records[0].line);
  const header = Array.from({ length: width }, (_, i) => options.featureNames?.[i] ?? `feature ${i + 1}`);
  header[layout.features] = 'class';
  const columns = Array.from({ length: layout.features }, (_, c) => c);
  const x = readFeatures(rows, columns, header, source, ',');
  const y = new Int32Array(rows.length);
  rows.forEach((record, r) => {
    const cell = record.cells[layout.features].trim();
    const label = Number(cell);
    if (cell === '' || !Number.isInteger(label) || label < 0 || label >= layout.classNames.length) {
      throw new DataError(source, `label '${cell}' is not one of the ${layout.classNames.length} class indices the header names`, record.line, width);
    }
    y[r] = label;
  });
  return finish({
    name: options.name ?? source, rows: rows.length, features: layout.features, x, y,
    classNames: layout.classNames, featureNames: header.slice(0, layout.features), targetName: 'class', notes: [],
  }, source);
}

// A first row is a header when one of its cells is not a number where the next row's is,
// or when none of its cells is a number at all. When the label column holds names, a
// first row like the others but for a label that no other row repeats, while every other
// label recurs, is a header too (its features happened to be numbers); the note says so.
function detectHeader(records: CsvRecord[], target: number | null): { header: boolean; note?: string } {
  const first = records[0].cells;
  const numeric = (cell: string | undefined): boolean => cell !== undefined && cell.trim() !== '' && Number.isFinite(Number(cell));
  if (first.every((cell) => !numeric(cell))) return { header: true };
  const second = records[1]?.cells;
  if (second !== undefined && first.some((cell, c) => !numeric(cell) && numeric(second[c]))) return { header: true };
  if (target === null || numeric(first[target]) || records.length < 3) return { header: false };
  const label = first[target]?.trim();
  const counts = new Map<string, number>();
  for (const record of records.slice(1)) counts.set(record.cells[target]?.trim() ?? '', (counts.get(record.cells[target]?.trim() ?? '') ?? 0) + 1);
  if (counts.has(label ?? '')) return { header: false };
  if ([...counts.values()].every((count) => count >= 2)) {
    return { header: true, note: `row 1 read as a header: its label '${label}' is in no other row, while every other label recurs` };
  }
  return { header: false, note: `row 1 read as data: its label '${label}' is in no other row; if it is a header, give its column names as text` };
}

// The target column for header detection: a number given, else the last; null when given by name (a header, then).
function targetGuess(target: string | number | undefined, width: number): number | null {
  if (target === undefined) return width - 1;
  const index = Number(target);
  return Number.isInteger(index) && index >= 1 && index <= width ? index - 1 : null;
}

function targetColumn(target: string | number | undefined, header: string[], hasHeader: boolean, source: string): number {
  if (target === undefined) return header.length - 1;
  const byName = hasHeader ? header.indexOf(String(target).trim()) : -1;
  if (byName >= 0) return byName;
  const index = Number(target);
  if (Number.isInteger(index) && index >= 1 && index <= header.length) return index - 1;
  const names = hasHeader ? `; columns: ${header.join(', ')}` : '';
  throw new DataError(source, `no target column '${target}' (give a header name or a column number from 1 to ${header.length}${names})`);
}

function checkWidths(rows: CsvRecord[], width: number, source: string): void {
  for (const record of rows) {
    if (record.cells.length !== width) throw new DataError(source, `${plural(record.cells.length, 'column')}, expected ${width}`, record.line);
  }
}

function readFeatures(rows: CsvRecord[], columns: number[], header: string[], source: string, separator: string): Float64Array {
  const x = new Float64Array(rows.length * columns.length);
  rows.forEach((record, r) => {
    columns.forEach((c, f) => {
      const cell = record.cells[c].trim();
      if (MISSING.has(cell.toLowerCase())) throw new DataError(source, `missing value (column '${header[c]}')`, record.line, c + 1);
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        // A comma inside a number of a semicolon-separated file is a decimal comma.
        const hint = separator !== ',' && /^-?\d+,\d+$/.test(cell) ? '; write decimals with a point' : '';
        const separators = separator === ',' && /[;\t]/.test(cell) ? '; is the file separated by semicolons or tabs?' : '';
        throw new DataError(source, `'${cell}' is not a number (column '${header[c]}')${hint}${separators}`, record.line, c + 1);
      }
      x[r * columns.length + f] = value;
    });
  });
  return x;
}

// Integer labels keep their numeric order, strings their sorted order: a class's index is its rank.
function encodeLabels(labels: string[], rows: CsvRecord[], target: number, targetName: string, source: string): { y: Int32Array; classNames: string[] } {
  const allNumeric = labels.every((label) => Number.isFinite(Number(label)));
  if (allNumeric) {
    const bad = labels.findIndex((label) => !Number.isInteger(Number(label)));
    if (bad >= 0) {
      throw new DataError(source, `target '${labels[bad]}' is not a class label (column '${targetName}' must hold integers or names)`, rows[bad].line, target + 1);
    }
  }
  const distinct = [...new Set(allNumeric ? labels.map((label) => String(Number(label))) : labels)];
  distinct.sort(allNumeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(distinct.map((name, i) => [name, i]));
  const y = Int32Array.from(labels, (label) => index.get(allNumeric ? String(Number(label)) : label) ?? -1);
  return { y, classNames: distinct };
}

function finish(data: Dataset, source: string): Dataset {
  const present = new Set(data.y);
  if (present.size < 2) {
    throw new DataError(source, `the target column '${data.targetName}' holds a single class ('${data.classNames[data.y[0]]}'): nothing to tell apart`);
  }
  return data;
}
