import { describe, expect, it } from 'vitest';
import { findInvalidLabel, unflattenIndex } from './class-labels.js';

describe('findInvalidLabel', () => {
  it('finds the first label outside [0, nClasses), negative, too large or not an integer', () => {
    expect(findInvalidLabel(Int32Array.of(0, 1, 1, 0), 2)).toBeUndefined();
    expect(findInvalidLabel(Int32Array.of(0, 1, 5, -1), 2)).toEqual({ index: 2, label: 5 });
    expect(findInvalidLabel(Int32Array.of(0, -1), 2)).toEqual({ index: 1, label: -1 });
    expect(findInvalidLabel([0, 0.5], 2)).toEqual({ index: 1, label: 0.5 });
    expect(findInvalidLabel(new Int32Array(0), 2)).toBeUndefined();
  });

  it('names the multi-index of a flat index', () => {
    expect(unflattenIndex(0, [2, 3, 4])).toEqual([0, 0, 0]);
    expect(unflattenIndex(23, [2, 3, 4])).toEqual([1, 2, 3]);
    expect(unflattenIndex(5, [2, 3])).toEqual([1, 2]);
    expect(unflattenIndex(4, [7])).toEqual([4]);
  });
});
