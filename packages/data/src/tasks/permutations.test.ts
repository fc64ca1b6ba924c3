import { describe, expect, it } from 'vitest';
import { bitReversalPermutation, permuteRows } from './permutations.js';

describe('psMNIST permutations', () => {
  it('match the reference bit-reversal: the 1024-point reversal restricted to < n, in order', () => {
    expect([...bitReversalPermutation(8)]).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
    expect([...bitReversalPermutation(6)]).toEqual([0, 4, 2, 1, 5, 3]);
    const order = bitReversalPermutation(784);
    expect([...order.subarray(0, 6)]).toEqual([0, 512, 256, 768, 128, 640]);
    expect(new Set(order).size).toBe(784);
    expect(Math.max(...order)).toBe(783);
  });

  it('reorders each row so that step s shows pixel order[s]', () => {
    const rows = Uint8Array.of(10, 11, 12, 20, 21, 22);
    expect([...permuteRows(rows, 2, Int32Array.of(2, 0, 1))]).toEqual([12, 10, 11, 22, 20, 21]);
  });
});
