import { describe, expect, it } from 'vitest';
import { smoothEma } from './smoothing.js';

describe('smoothEma', () => {
  it('returns the values at weight 0', () => {
    expect(smoothEma([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('is debiased: a constant curve stays constant from its first value', () => {
    for (const v of smoothEma([2, 2, 2, 2], 0.9)) expect(v).toBeCloseTo(2, 12);
  });

  it('averages by hand: w = 0.5 on 4, 0, 2', () => {
    // s1 = 0.5·4 = 2 → /(1 − 0.5) = 4; s2 = 0.5·2 + 0 = 1 → /(1 − 0.25) = 4/3;
    // s3 = 0.5·1 + 0.5·2 = 1.5 → /(1 − 0.125) = 12/7.
    const [a, b, c] = smoothEma([4, 0, 2], 0.5);
    expect(a).toBeCloseTo(4, 12);
    expect(b).toBeCloseTo(4 / 3, 12);
    expect(c).toBeCloseTo(12 / 7, 12);
  });

  it('keeps gaps and non-finite values missing, carrying the average over them', () => {
    const smoothed = smoothEma([4, null, Number.NaN, 0], 0.5);
    expect(smoothed.slice(0, 3)).toEqual([4, null, null]);
    expect(smoothed[3]).toBeCloseTo(4 / 3, 12); // as if the two had been neighbours
  });

  it('damps per-batch noise', () => {
    const noisy = Array.from({ length: 400 }, (_, i) => 1 + (i % 2 === 0 ? 0.5 : -0.5));
    const tail = smoothEma(noisy, 0.9).slice(100) as number[];
    expect(Math.max(...tail) - Math.min(...tail)).toBeLessThan(0.1);
  });

  it('refuses a weight outside [0, 1)', () => {
    expect(() => smoothEma([1], 1)).toThrow(/\[0, 1\)/);
    expect(() => smoothEma([1], -0.1)).toThrow(RangeError);
  });
});
