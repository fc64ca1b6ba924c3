import { describe, expect, it } from 'vitest';
import { gatherBatch } from './batches.js';
import { createCopyDataset } from './copy-dataset.js';
import { generateCopySplit } from './copy-task.js';
import { deriveSeed } from './prng.js';
import { allRows } from './split-rows.js';
import type { GeneratedSplit } from './split-types.js';
import { DatasetOptionsError } from './errors.js';

describe('createCopyDataset', () => {
  it('applies the defaults (P = 20, 20k/1k/1k)', () => {
    const dataset = createCopyDataset({ trainSamples: 20 });
    expect(dataset.seqLength).toBe(48);
    expect(dataset.inputDim).toBe(8);
    expect(dataset.nClasses).toBe(2);
    expect(dataset.multidim).toBe(7);
    expect(dataset.trainSize).toBe(20);
    expect(dataset.val.size).toBe(1000);
    expect(dataset.test.size).toBe(1000);
    expect(dataset.options).toEqual({
      patternLength: 20,
      trainSamples: 20,
      valSamples: 1000,
      testSamples: 1000,
      seed: 0,
    });
  });

  it('uses different data per split and per seed, the same data per seed', () => {
    const options = { patternLength: 4, trainSamples: 30, valSamples: 30, testSamples: 30 };
    // The splits are generated: their inputs are what a batch of every row reads.
    const x = (split: GeneratedSplit) => gatherBatch(split, allRows(split.size)).x;
    const a = createCopyDataset(options);
    expect(x(a.train)).not.toEqual(x(a.val));
    expect(x(a.val)).not.toEqual(x(a.test));
    expect(x(createCopyDataset(options).test)).toEqual(x(a.test));
    expect(x(createCopyDataset({ ...options, seed: 1 }).train)).not.toEqual(x(a.train));
  });

  it('generates its splits on demand: the sequences of generateCopySplit, seed for seed', () => {
    const data = createCopyDataset({ patternLength: 5, trainSamples: 9, valSamples: 4 });
    expect(data.val.encoding).toBe('generated');
    const stored = generateCopySplit(4, 5, deriveSeed(0, 'copy', 'val'));
    const batch = gatherBatch(data.val, allRows(4));
    expect(batch.x).toEqual(stored.x);
    expect(batch.y).toEqual(stored.y);
    expect(batch.mask).toEqual(stored.mask);
    expect(data.val.validSteps).toEqual(stored.validSteps);
  });

  it('rejects unknown options and bad values with a message naming the key', () => {
    expect(() => createCopyDataset({ patternLenght: 3 } as never)).toThrow(
      /unknown option 'patternLenght'; allowed options: patternLength, trainSamples/,
    );
    expect(() => createCopyDataset({ patternLength: 0 })).toThrow(
      /option 'patternLength' must be an integer in \[1, 100000\], got 0/,
    );
    expect(() => createCopyDataset({ trainSamples: 2.5 })).toThrow(/'trainSamples'.*got 2.5/);
    try {
      createCopyDataset({ valSamples: '3' as never });
    } catch (error) {
      expect(DatasetOptionsError.isInstance(error)).toBe(true);
    }
  });
});
