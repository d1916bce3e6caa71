// Small dense linear algebra in doubles for the shift tests, written here rather than taken
// from the module under test so the tests check its maps independently.
// Matrices are n x n, row-major.

/** A B. */
export function multiply(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j] += a[i * n + k] * b[k * n + j];
  return out;
}

/** A^T. */
export function transpose(a: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j];
  return out;
}

/** A^-1 by Gauss-Jordan elimination with partial pivoting; throws for a singular A. */
export function inverse(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r;
    if (Math.abs(m[pivot * n + col]) < 1e-12) throw new RangeError('singular matrix');
    for (let j = 0; j < n; j++) {
      [m[col * n + j], m[pivot * n + j]] = [m[pivot * n + j], m[col * n + j]];
      [inv[col * n + j], inv[pivot * n + j]] = [inv[pivot * n + j], inv[col * n + j]];
    }
    const scale = m[col * n + col];
    for (let j = 0; j < n; j++) { m[col * n + j] /= scale; inv[col * n + j] /= scale; }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r * n + col];
      for (let j = 0; j < n; j++) { m[r * n + j] -= factor * m[col * n + j]; inv[r * n + j] -= factor * inv[col * n + j]; }
    }
  }
  return inv;
}

/** The eigenvalues of a symmetric matrix, by cyclic Jacobi rotations until the off-diagonal part vanishes. */
export function symmetricEigenvalues(s: ArrayLike<number>, n: number): number[] {
  const a = Float64Array.from(s);
  const offDiagonal = (): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += a[i * n + j] ** 2;
    return sum;
  };
  let total = 0;
  for (const value of a) total += value * value;
  for (let sweep = 0; sweep < 100 && offDiagonal() > 1e-30 * total; sweep++) {
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q] (Golub and Van Loan, algorithm 8.4.1).
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - sn * akq;
          a[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - sn * aqk;
          a[q * n + k] = sn * apk + c * aqk;
        }
      }
    }
  }
  if (offDiagonal() > 1e-20 * total) throw new Error('Jacobi iteration did not converge');
  return Array.from({ length: n }, (_, i) => a[i * n + i]);
}
