import { describe, expect, it } from 'vitest';
import { seededPermutation } from './shuffle.js';

describe('seededPermutation', () => {
  it('is a permutation, deterministic per seed, different across seeds', () => {
    const a = seededPermutation(100, 1);
    expect([...a].sort((p, q) => p - q)).toEqual([...Array(100).keys()]);
    expect(seededPermutation(100, 1)).toEqual(a);
    expect(seededPermutation(100, 2)).not.toEqual(a);
  });

  it('handles empty and single-element inputs', () => {
    expect(seededPermutation(0, 1)).toEqual(new Int32Array(0));
    expect(seededPermutation(1, 1)).toEqual(new Int32Array([0]));
  });
});
