import { describe, expect, it } from 'vitest';
import { createCopyDataset } from './copy-dataset.js';
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
    const a = createCopyDataset(options);
    expect(a.train.x).not.toEqual(a.val.x);
    expect(a.val.x).not.toEqual(a.test.x);
    expect(createCopyDataset(options).test.x).toEqual(a.test.x);
    expect(createCopyDataset({ ...options, seed: 1 }).train.x).not.toEqual(a.train.x);
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
