// One error type for bad data, so every front end can print it as one line that names where.
import { oneLine } from '../units.js';

/** A problem in a data file, at a 1-based row and column where they apply. */
export class DataError extends Error {
  constructor(readonly source: string, message: string, readonly row?: number, readonly column?: number) {
    const where = [source, row, column].filter((part) => part !== undefined).join(':');
    // Messages quote cells and header names, which may hold line breaks: kept to one line.
    super(oneLine(`${where}: ${message}`));
    this.name = 'DataError';
  }
}
