import { describe, expect, it } from 'vitest';
import { countBatches, gatherBatch, iterateBatches } from './batches.js';
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

describe('batches of byte and token splits', () => {
  it('expands bytes through the per-channel affine map and fills masks from valid steps', () => {
    const split = {
      encoding: 'uint8' as const,
      x: Uint8Array.of(0, 255, 10, 20, 100, 200, 30, 40),
      scale: Float32Array.of(1 / 255, 2),
      offset: Float32Array.of(0, -1),
      y: Int32Array.of(4, 5),
      yShape: [],
      validSteps: Int32Array.of(0, 2, 1, 2),
      size: 2,
      xShape: [2, 2] as const,
    };
    const [batch] = [...iterateBatches(split, { batchSize: 2 })];
    expect(batch!.encoding).toBe('dense');
    expect([...batch!.x].map((v) => Math.round(v * 1000) / 1000)).toEqual([
      0, 509, 0.039, 39, 0.392, 399, 0.118, 79,
    ]);
    expect([...batch!.mask]).toEqual([1, 1, 0, 1]);
  });

  it('keeps token ids as int32 with the vocabulary size as input width', () => {
    const split = {
      encoding: 'tokens' as const,
      x: Uint8Array.of(3, 4, 2, 0, 5, 2),
      y: Int32Array.of(1, 0),
      yShape: [],
      validSteps: Int32Array.of(0, 3, 0, 2),
      size: 2,
      xShape: [3, 6] as const,
    };
    const batch = gatherBatch(split, Int32Array.of(1, 0));
    expect(batch.x).toEqual(Int32Array.of(0, 5, 2, 3, 4, 2));
    expect(batch.xShape).toEqual([2, 3, 6]);
    expect([...batch.mask]).toEqual([1, 1, 0, 1, 1, 1]);
    expect(() => gatherBatch(split, Int32Array.of(2))).toThrow(/row 2 is outside the split/);
  });
});
