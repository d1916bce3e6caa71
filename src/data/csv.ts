// Parses the datasets wasmlp ships (scikit-learn's layout): a first line
// "rows,features,class names..." (absent in digits), then features and an integer label per line.
import { DataError } from './errors.js';

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
}

/** Parses scikit-learn-layout CSV text; `source` names the file in errors. Without a header, classes are the labels seen. */
export function parseDatasetCsv(text: string, source: string, name = source): Dataset {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new DataError(source, 'the file is empty');
  const first = lines[0].split(',');
  const hasHeader = first.length >= 2 && first.slice(2).some((cell) => Number.isNaN(Number(cell)));
  const header = hasHeader ? { rows: Number(first[0]), features: Number(first[1]), classNames: first.slice(2).map((c) => c.trim()) } : null;
  const dataLines = hasHeader ? lines.slice(1) : lines;
  const firstRow = hasHeader ? 2 : 1;
  if (dataLines.length === 0) throw new DataError(source, 'the file has a header but no data rows');
  const width = header ? header.features + 1 : dataLines[0].split(',').length;
  if (width < 2) throw new DataError(source, 'each row needs at least one feature and a label', firstRow);
  const features = width - 1;
  const x = new Float64Array(dataLines.length * features);
  const y = new Int32Array(dataLines.length);
  dataLines.forEach((line, r) => {
    const row = firstRow + r;
    const cells = line.split(',');
    if (line.trim() === '') throw new DataError(source, 'empty row', row);
    if (cells.length !== width) throw new DataError(source, `${cells.length} columns, expected ${width}`, row);
    for (let c = 0; c < features; c++) {
      const cell = cells[c].trim();
      const value = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new DataError(source, cell === '' ? 'missing value' : `'${cell}' is not a number`, row, c + 1);
      }
      x[r * features + c] = value;
    }
    const label = Number(cells[features].trim());
    if (!Number.isInteger(label) || label < 0) {
      throw new DataError(source, `label '${cells[features].trim()}' is not a class index`, row, width);
    }
    if (header && label >= header.classNames.length) {
      throw new DataError(source, `label ${label} has no class name (the header names ${header.classNames.length})`, row, width);
    }
    y[r] = label;
  });
  if (header && header.rows !== dataLines.length) {
    throw new DataError(source, `the header announces ${header.rows} rows, the file has ${dataLines.length}`, 1);
  }
  const classCount = header ? header.classNames.length : Math.max(...y) + 1;
  const classNames = header ? header.classNames : Array.from({ length: classCount }, (_, i) => String(i));
  return { name, rows: dataLines.length, features, x, y, classNames };
}
