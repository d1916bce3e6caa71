// Conversion of user arrays into the row-major float32 rows the arena holds,
// with one clear error for a wrong shape or a value that is not a finite number.
import { plural } from './units.js';

/** Samples: an array of rows, or a flat row-major array of rows x inputs values. */
export type Matrix = readonly (readonly number[])[] | ArrayLike<number>;

/** Checks a matrix of `width` columns and returns its row count. */
export function rowCount(data: Matrix, width: number, what: string): number {
  if (data.length > 0 && Array.isArray(data[0])) {
    const rows = data as readonly (readonly number[])[];
    rows.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== width) {
        throw new RangeError(`${what} row ${r} has ${Array.isArray(row) ? plural(row.length, 'value') : 'no values'}, expected ${width}`);
      }
    });
    return rows.length;
  }
  if (data.length % width !== 0) {
    throw new RangeError(`${what} has ${plural(data.length, 'value')}, not a whole number of rows of ${width}`);
  }
  return data.length / width;
}

/** Copies rows `from`..`from + rows` of a matrix into target at element index `at`, checking every value. */
export function copyRows(data: Matrix, width: number, from: number, rows: number, target: Float32Array, at: number, what: string): void {
  const count = rows * width;
  if (ArrayBuffer.isView(data)) {
    // Typed arrays copy in bulk; one tight sum afterwards tells whether any NaN or infinity
    // came along (the sum of finite float32 values cannot overflow a double), and only then
    // a scan finds the first. Four sums keep the additions independent: half the time of a
    // compare per value on an MNIST-sized set.
    const flat = data as unknown as Float32Array;
    target.set(flat.subarray(from * width, from * width + count), at);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
    for (; i + 4 <= count; i += 4) {
      s0 += target[at + i]; s1 += target[at + i + 1]; s2 += target[at + i + 2]; s3 += target[at + i + 3];
    }
    for (; i < count; i++) s0 += target[at + i];
    const sum = s0 + s1 + s2 + s3;
    if (sum - sum === 0) return;
    for (let j = 0; j < count; j++) {
      const value = target[at + j];
      if (value - value !== 0) throw badValue(what, from + Math.floor(j / width), j % width, value);
    }
    return;
  }
  const nested = data.length > 0 && Array.isArray(data[0]);
  for (let r = 0; r < rows; r++) {
    const row = nested ? (data as readonly (readonly number[])[])[from + r] : null;
    for (let c = 0; c < width; c++) {
      const value = row ? row[c] : (data as ArrayLike<number>)[(from + r) * width + c];
      // Beyond float32's range (3.4e38) a number would become an infinity in the arena.
      if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) throw badValue(what, from + r, c, value);
      target[at + r * width + c] = value;
    }
  }
}

function badValue(what: string, row: number, column: number, value: unknown): RangeError {
  return new RangeError(`${what} row ${row} column ${column} is ${String(value)}, not a finite float32 number`);
}
