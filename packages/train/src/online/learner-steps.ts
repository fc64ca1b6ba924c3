/**
 * The plain-array side of an `OnlineLearner` step: checking a step's inputs and labels, the
 * predicted class per head, the count of correct predictions, and parameters as the row-major
 * arrays engines take. Pure functions over typed arrays, apart from the learner's state.
 */
import type { Params } from '@olrd/core';

/** The class of highest log-probability in each of `rows` rows of `classes` values. */
export function argmaxHeads(logProbs: Float32Array, rows: number, classes: number): Int32Array {
  const out = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if ((logProbs[row * classes + c] as number) > (logProbs[row * classes + best] as number))
        best = c;
    out[row] = best;
  }
  return out;
}

/** Correct predictions and their number over the elements of positive weight, every head. */
export function countCorrect(
  prediction: Int32Array,
  labels: Int32Array,
  weights: Float32Array,
  multidim: number,
): { correct: number; total: number } {
  let correct = 0;
  let total = 0;
  for (let b = 0; b < weights.length; b++) {
    if (!((weights[b] as number) > 0)) continue;
    for (let head = 0; head < multidim; head++) {
      total += 1;
      if (prediction[b * multidim + head] === labels[b * multidim + head]) correct += 1;
    }
  }
  return { correct, total };
}

/**
 * x_t as the Float32Array engines take, checked to hold B·d_input values.
 *
 * @throws RangeError naming the expected size.
 */
export function stepInput(x: ArrayLike<number>, size: number): Float32Array {
  if (x.length !== size)
    throw new RangeError(`x must have B·d_input = ${size} values, got ${x.length}`);
  return x instanceof Float32Array ? x : Float32Array.from(x);
}

/**
 * y_t as an Int32Array, checked to hold `size` (B·multidim) classes in [0, nClasses).
 *
 * @throws RangeError naming the first label that is not a class.
 */
export function stepLabels(y: ArrayLike<number>, size: number, nClasses: number): Int32Array {
  if (y.length !== size)
    throw new RangeError(`y must have B·multidim = ${size} labels, got ${y.length}`);
  for (let i = 0; i < size; i++) {
    const label = Number(y[i]);
    if (!(Number.isInteger(label) && label >= 0 && label < nClasses))
      throw new RangeError(`y[${i}] = ${label} is not a class in [0, ${nClasses})`);
  }
  return y instanceof Int32Array ? y : Int32Array.from(y);
}

/** Parameter tensors as row-major arrays (synchronous read: cpu, wasm and tensorflow backends). */
export function arraysOf(params: Params): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(params))
    out[name] = tensor.dataSync() as Float32Array;
  return out;
}
