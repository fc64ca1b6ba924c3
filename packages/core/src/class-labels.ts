/**
 * The one check that class labels fit the model's classes. tfjs gives an out-of-range label a
 * one-hot of zeros, so its cross-entropy term is 0: without this check a wrong label file trains
 * (or reports loss 0.0000) silently instead of failing.
 */

/** The first label outside [0, nClasses), with its flat index. */
export interface InvalidLabel {
  /** Flat (row-major) index of the label in its array. */
  readonly index: number;
  readonly label: number;
}

/**
 * The first label that is not an integer class in [0, `nClasses`), or `undefined` when all are.
 * One pass over the array, no allocation.
 *
 * @param labels - class labels, row-major (e.g. a batch's y [B] | [B, T] | [B, T, multidim])
 * @param nClasses - classes per output head
 */
export function findInvalidLabel(
  labels: ArrayLike<number>,
  nClasses: number,
): InvalidLabel | undefined {
  for (let index = 0; index < labels.length; index++) {
    const label = labels[index]!;
    if (!(Number.isInteger(label) && label >= 0 && label < nClasses)) return { index, label };
  }
  return undefined;
}

/**
 * "[0, 3, 1]": the multi-index of flat `index` in `shape`, for error messages that point at the
 * offending label (`y[0, 3, 1]`).
 */
export function unflattenIndex(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(0);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis]!;
    out[axis] = size > 0 ? rest % size : 0;
    rest = size > 0 ? Math.floor(rest / size) : 0;
  }
  return out;
}
