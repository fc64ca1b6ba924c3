/** Label counts of a split (classification datasets), for `olrd data inspect`. */
import { forEachGeneratedRow } from '../generated-split.js';
import type { DatasetSplit } from '../split-types.js';

/**
 * Counts of each sequence label, `counts[c]` for c < classes. Per-step labels (copy tasks) count
 * every label entry. A generated split is written one sequence at a time to count it.
 *
 * @throws RangeError when a label is negative or not below `classes`.
 */
export function labelHistogram(split: DatasetSplit, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  const count = (labels: Int32Array): void => {
    for (const label of labels) {
      if (label < 0 || label >= classes)
        throw new RangeError(`label ${label} is outside [0, ${classes})`);
      counts[label]!++;
    }
  };
  if (split.encoding === 'generated') forEachGeneratedRow(split, (_, row) => count(row.y));
  else count(split.y);
  return counts;
}
