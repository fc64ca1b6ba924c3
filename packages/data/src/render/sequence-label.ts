/** The label of one sequence of a split, for `olrd data inspect`. */
import { checkRow, writeGeneratedRows } from '../generated-split.js';
import type { DatasetSplit } from '../split-types.js';

/**
 * The class label of sequence `row` when the split has one label per sequence (`yShape` `[]`),
 * else undefined (per-step labels). A generated split writes that sequence to read it.
 *
 * @throws RangeError when `row` is outside the split.
 */
export function sequenceLabel(split: DatasetSplit, row: number): number | undefined {
  checkRow(row, split.size);
  if (split.yShape.length !== 0) return undefined;
  return split.encoding === 'generated' ? writeGeneratedRows(split, [row]).y[0] : split.y[row];
}
