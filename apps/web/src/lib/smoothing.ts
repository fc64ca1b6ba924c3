/**
 * Exponential moving average of a noisy curve, as TensorBoard smooths: s_t = w·s_{t−1} + (1−w)·x_t,
 * divided by 1 − w^n (n values so far) so the start is not pulled towards zero. A missing or
 * non-finite value stays missing and leaves the average where it was.
 */

/**
 * The smoothed curve of `values` with weight `weight` in [0, 1): 0 returns the values, 0.9
 * averages over about the last 10.
 *
 * @throws RangeError when `weight` is outside [0, 1)
 */
export function smoothEma(
  values: readonly (number | null | undefined)[],
  weight: number,
): (number | null)[] {
  if (!(weight >= 0 && weight < 1))
    throw new RangeError(`EMA weight must be in [0, 1), got ${weight}`);
  let average = 0;
  let decay = 1; // w^n
  return values.map((value) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return null;
    average = weight * average + (1 - weight) * value;
    decay *= weight;
    return average / (1 - decay);
  });
}
