import { describe, expect, it } from 'vitest';
import { countBatches, iterateBatches } from './batches.js';
import { generateCopySplit } from './copy-task.js';

describe('iterateBatches', () => {
  const split = generateCopySplit(10, 2, 5);
  const T = 12;

  it('covers every row in order for evaluation, with a short last batch', () => {
    const batches = [...iterateBatches(split, { batchSize: 4 })];
    expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
    expect(countBatches(10, 4, false)).toBe(3);
    const last = batches[2]!;
    expect(last.xShape).toEqual([2, T, 8]);
    expect(last.yShape).toEqual([2, T, 7]);
    expect(last.maskShape).toEqual([2, T]);
    expect([...last.indices]).toEqual([8, 9]);
    expect(last.x).toEqual(split.x.subarray(8 * T * 8));
    expect(last.y).toEqual(split.y.subarray(8 * T * 7));
    expect(last.mask).toEqual(split.mask.subarray(8 * T));
  });

  it('shuffles with a seed and drops the last incomplete batch for training', () => {
    const epoch = (seed: number) => [
      ...iterateBatches(split, { batchSize: 3, shuffle: true, seed, dropLast: true }),
    ];
    const first = epoch(1);
    expect(first.length).toBe(countBatches(10, 3, true));
    expect(first.length).toBe(3);
    const rows = first.flatMap((b) => [...b.indices]);
    expect(new Set(rows).size).toBe(9);
    expect(epoch(1).flatMap((b) => [...b.indices])).toEqual(rows);
    expect(epoch(2).flatMap((b) => [...b.indices])).not.toEqual(rows);
    const batch = first[0]!;
    const row = batch.indices[1]!;
    expect(batch.x.subarray(T * 8, 2 * T * 8)).toEqual(
      split.x.subarray(row * T * 8, (row + 1) * T * 8),
    );
  });

  it('rejects a bad batch size', () => {
    expect(() => [...iterateBatches(split, { batchSize: 0 })]).toThrow(/positive integer/);
  });
});
