import { describe, expect, it } from 'vitest';
import { gatherBatch, iterateBatches } from './batches.js';
import { createCopyDataset } from './copy-dataset.js';
import { copySeqLength, generateCopySplit, lazyCopySplit } from './copy-task.js';
import { forEachGeneratedRow, materialiseSplit } from './generated-split.js';
import { labelHistogram } from './render/label-histogram.js';
import { renderExample } from './render/render-example.js';
import { sequenceLabel } from './render/sequence-label.js';
import { allRows, takeRows } from './split-rows.js';
import { generateBpToySplit, lazyBpToySplit } from './tasks/bp-toy.js';
import { generateCopyRepeatSplit, lazyCopyRepeatSplit } from './tasks/copy-repeat-task.js';

describe('generated splits', () => {
  const lazy = lazyCopySplit(10, 3, 42);
  const stored = generateCopySplit(10, 3, 42);

  it('batch exactly like the stored split of the same sequences, shuffled or not', () => {
    const options = { batchSize: 3, shuffle: true, seed: 4, dropLast: true };
    const fromLazy = [...iterateBatches(lazy, options)];
    const fromStored = [...iterateBatches(stored, options)];
    expect(fromLazy.map((b) => b.encoding)).toEqual(['dense', 'dense', 'dense']);
    expect(fromLazy).toEqual(fromStored);
    expect(gatherBatch(lazy, Int32Array.of(9, 0))).toEqual(
      gatherBatch(stored, Int32Array.of(9, 0)),
    );
    expect(() => gatherBatch(lazy, Int32Array.of(10))).toThrow(/row 10 is outside the split/);
  });

  it('write every task the way its stored generator does (copy-repeat, bp-toy with targets)', () => {
    expect(materialiseSplit(lazyCopyRepeatSplit(6, 3, 2, 9))).toEqual(
      generateCopyRepeatSplit(6, 3, 2, 9),
    );
    const settings = { seqLength: 5, points: 4, magnitude: 2, patternSeed: 3 };
    const toy = lazyBpToySplit(7, settings, 8);
    const toyStored = generateBpToySplit(7, settings, 8);
    expect(materialiseSplit(toy)).toEqual(toyStored);
    const batch = gatherBatch(toy, Int32Array.of(6, 2));
    expect(batch.targetShape).toEqual([2, 2]);
    expect(batch.targets).toEqual(
      Float32Array.of(...toyStored.targets!.slice(12, 14), ...toyStored.targets!.slice(4, 6)),
    );
  });

  it('give the same sequence for a row on every pass, in any order', () => {
    const first = gatherBatch(lazy, Int32Array.of(5)).x;
    gatherBatch(lazy, Int32Array.of(1, 2, 3));
    expect(gatherBatch(lazy, Int32Array.of(5)).x).toEqual(first);
    expect(first).toEqual(stored.x.subarray(5 * 14 * 8, 6 * 14 * 8));
  });

  it('stay generated under takeRows, reading the chosen rows', () => {
    const subset = takeRows(lazy, Int32Array.of(7, 2));
    expect(subset.encoding).toBe('generated');
    expect(subset.size).toBe(2);
    expect(gatherBatch(subset, allRows(2))).toEqual({
      ...gatherBatch(stored, Int32Array.of(7, 2)),
      indices: Int32Array.of(0, 1),
    });
    expect(() => takeRows(lazy, Int32Array.of(-1))).toThrow(/row -1 is outside the split/);
  });

  it('count labels, read sequence labels and render examples as stored splits do', () => {
    const copy = createCopyDataset({ patternLength: 3, trainSamples: 10, valSamples: 10 });
    const storedCopy = { ...copy, val: generateCopySplit(10, 3, 42), train: stored };
    expect(labelHistogram(lazy, 2)).toEqual(labelHistogram(stored, 2));
    expect(renderExample(copy, lazy, 4)).toEqual(renderExample(storedCopy, stored, 4));
    expect(sequenceLabel(lazy, 0)).toBeUndefined();
    const toy = lazyBpToySplit(3, { seqLength: 4, points: 2, magnitude: 1, patternSeed: 1 }, 0);
    expect(sequenceLabel(toy, 2)).toBe(0);
    expect(() => sequenceLabel(toy, 3)).toThrow(/row 3 is outside the split \(size 3\)/);
    let visited = 0;
    forEachGeneratedRow(lazy, (row, values) => {
      expect(values.x).toEqual(stored.x.subarray(row * 14 * 8, (row + 1) * 14 * 8));
      visited++;
    });
    expect(visited).toBe(10);
  });

  it('cost no memory of size T: the default copy splits at T = 16,008 take kilobytes', () => {
    const before = process.memoryUsage().arrayBuffers;
    const data = createCopyDataset({ patternLength: 8000, trainSamples: 1000 });
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(data.seqLength).toBe(copySeqLength(8000));
    expect([data.train.size, data.val.size, data.test.size]).toEqual([1000, 1000, 1000]);
    // Stored, the three splits would take 3000 · 16,008 · (8 + 7 + 1) · 4 bytes ≈ 3 GB; the
    // generated ones keep their valid-step ranges (24 kB).
    expect(grown).toBeLessThan(1 << 20);
    const batch = gatherBatch(data.test, Int32Array.of(999));
    expect(batch.xShape).toEqual([1, 16008, 8]);
    expect(batch.mask.reduce((a, b) => a + b, 0)).toBe(8000);
  });
});
