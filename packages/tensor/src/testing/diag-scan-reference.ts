/** The float64 reference of `diagScan` that tests compare every backend's kernel with. */

/** A complex array as separate real and imaginary parts of equal length. */
export interface ComplexArrays {
  re: Float64Array;
  im: Float64Array;
}

/**
 * h_t = λ ⊙ h_{t∓1} + b_t in float64 over flat row-major `[B, T, N]` arrays (λ `[N]`), plain
 * complex multiplication; `reverse` runs t from T−1 down to 0. Returns fresh arrays.
 */
export function diagScanReference(
  lambda: { re: ArrayLike<number>; im: ArrayLike<number> },
  b: { re: ArrayLike<number>; im: ArrayLike<number> },
  shape: readonly [number, number, number],
  reverse = false,
): ComplexArrays {
  const [batch, time, units] = shape;
  const re = new Float64Array(batch * time * units);
  const im = new Float64Array(batch * time * units);
  for (let i = 0; i < batch; i++) {
    for (let n = 0; n < units; n++) {
      let hRe = 0;
      let hIm = 0;
      for (let step = 0; step < time; step++) {
        const t = reverse ? time - 1 - step : step;
        const k = (i * time + t) * units + n;
        const nextRe = lambda.re[n]! * hRe - lambda.im[n]! * hIm + b.re[k]!;
        hIm = lambda.re[n]! * hIm + lambda.im[n]! * hRe + b.im[k]!;
        hRe = nextRe;
        re[k] = hRe;
        im[k] = hIm;
      }
    }
  }
  return { re, im };
}
