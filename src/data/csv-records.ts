// Splits CSV text into records of cells (RFC 4180: quoted cells, doubled quotes,
// CRLF or LF), remembering each record's line so that errors can name it.
// Written here rather than taken from csv-parse because that package leans on
// Node's buffer type, and this code must run unchanged in browsers and edge runtimes.
import { DataError } from './errors.js';

/** One record and the 1-based line it starts on. */
export interface CsvRecord { line: number; cells: string[] }

/** Parses CSV text into records; blank lines are skipped. `source` names the file in errors. */
export function csvRecords(text: string, source: string, separator = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let cellWasQuoted = false;
  const endRecord = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== '' || cellWasQuoted) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    cellWasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cellWasQuoted = true;
      cell = '';
    } else if (ch === separator) {
      cells.push(cell);
      cell = '';
      cellWasQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new DataError(source, 'a quoted cell is never closed', recordLine);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/**
 * The separator of a file's columns: a comma, or a semicolon or tab when the first lines
 * hold none of the others' consistently (as spreadsheets in many locales save "CSV").
 */
export function detectSeparator(text: string): ',' | ';' | '\t' {
  const lines = text.split(/\r?\n/, 50).filter((line) => line.trim() !== '').slice(0, 5);
  const consistent = (separator: string): boolean => {
    const counts = lines.map((line) => line.split(separator).length - 1);
    return counts.length > 0 && counts[0] > 0 && counts.every((count) => count === counts[0]);
  };
  if (consistent(',')) return ',';
  if (consistent(';')) return ';';
  if (consistent('\t')) return '\t';
  return ',';
}
