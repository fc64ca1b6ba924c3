/**
 * The spectral radius ρ(A) = max |eigenvalue| of a real square matrix, for the RNN cell's view
 * (h_t = A·ρ(h_{t−1}) + B·u_t: with a linear ρ the recurrence is stable iff ρ(A) < 1).
 *
 * Power iteration fails here (A is not symmetric: its dominant eigenvalues are often a complex
 * pair, and the iterates rotate instead of converging), and a full eigen-decomposition is more
 * code than a number needs. Gelfand's formula ρ(A) = lim ‖A^k‖^{1/k} is robust: squaring 16 times
 * gives k = 65,536 with the matrix renormalised after every squaring (so nothing overflows) and
 * its log-scale tracked. For a diagonalisable A = VΛV⁻¹, ρ ≤ ‖A^k‖_F^{1/k} ≤ ρ·(√N·κ(V))^{1/k}, so
 * the estimate is high by a factor 1 + ln(√N·κ(V))/k: below 1e-4 for any sane matrix. A Jordan
 * block of size m adds at most (k^{m−1})^{1/k} ≈ 1 + (m−1)·1.7e-4. Cost: 16 products of N×N.
 */

const SQUARINGS = 16;

/** ρ(A) of the row-major n×n matrix `a`. */
export function spectralRadius(a: ArrayLike<number>, n: number): number {
  if (a.length !== n * n) throw new RangeError(`spectralRadius: ${a.length} values for ${n}×${n}`);
  let m: Float64Array = Float64Array.from(a);
  let logScale = normalise(m);
  if (logScale === -Infinity) return 0;
  let power = 1;
  for (let i = 0; i < SQUARINGS; i++) {
    m = square(m, n);
    const logNorm = normalise(m);
    if (logNorm === -Infinity) return 0; // nilpotent
    logScale = 2 * logScale + logNorm;
    power *= 2;
  }
  return Math.exp(logScale / power);
}

/** Divides `m` by its Frobenius norm in place; returns the log of that norm (−∞ for zero). */
function normalise(m: Float64Array): number {
  let sum = 0;
  for (const v of m) sum += v * v;
  if (sum === 0) return -Infinity;
  const norm = Math.sqrt(sum);
  for (let i = 0; i < m.length; i++) m[i] = (m[i] as number) / norm;
  return Math.log(norm);
}

function square(m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const v = m[i * n + k] as number;
      if (v === 0) continue;
      for (let j = 0; j < n; j++)
        out[i * n + j] = (out[i * n + j] as number) + v * (m[k * n + j] as number);
    }
  }
  return out;
}
