/** Label counts of a split (classification datasets), for `olrd data inspect`. */
import type { DatasetSplit } from '../split-types.js';

/**
 * Counts of each sequence label, `counts[c]` for c < classes. Per-step labels (copy tasks) count
 * every label entry.
 *
 * @throws RangeError when a label is negative or not below `classes`.
 */
export function labelHistogram(split: DatasetSplit, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of split.y) {
    if (label < 0 || label >= classes)
      throw new RangeError(`label ${label} is outside [0, ${classes})`);
    counts[label]!++;
  }
  return counts;
}
