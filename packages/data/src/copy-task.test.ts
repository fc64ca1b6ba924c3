import { describe, expect, it } from 'vitest';
import { COPY_BITS, COPY_INPUT_DIM, copySeqLength, generateCopySplit } from './copy-task.js';

describe('generateCopySplit', () => {
  const P = 5;
  const T = copySeqLength(P);
  const split = generateCopySplit(50, P, 123);

  it('has T = 2P + 8 and the documented shapes', () => {
    expect(T).toBe(18);
    expect(copySeqLength(20)).toBe(48);
    expect(split.xShape).toEqual([T, 8]);
    expect(split.yShape).toEqual([T, 7]);
    expect(split.x.length).toBe(50 * T * 8);
    expect(split.y.length).toBe(50 * T * 7);
    expect(split.mask.length).toBe(50 * T);
  });

  it('places the pattern, the stop flag, the target and the mask exactly', () => {
    for (let n = 0; n < split.size; n++) {
      const x = (t: number, c: number) => split.x[(n * T + t) * COPY_INPUT_DIM + c]!;
      const y = (t: number, c: number) => split.y[(n * T + t) * COPY_BITS + c]!;
      for (let t = 0; t < T; t++) {
        const inPattern = t < P;
        const inRecall = t >= P + 8;
        expect(split.mask[n * T + t]).toBe(inRecall ? 1 : 0);
        expect(x(t, 7)).toBe(t === P + 7 ? 1 : 0);
        for (let c = 0; c < 7; c++) {
          expect([0, 1]).toContain(x(t, c));
          if (!inPattern) expect(x(t, c)).toBe(0);
          expect(y(t, c)).toBe(inRecall ? x(t - P - 8, c) : 0);
        }
      }
    }
  });

  it('draws balanced bits, deterministically per seed', () => {
    const big = generateCopySplit(200, 20, 9);
    let ones = 0;
    for (let i = 0; i < big.y.length; i++) ones += big.y[i]!;
    expect(ones / (200 * 20 * 7)).toBeGreaterThan(0.48);
    expect(ones / (200 * 20 * 7)).toBeLessThan(0.52);
    expect(generateCopySplit(200, 20, 9).x).toEqual(big.x);
    expect(generateCopySplit(200, 20, 10).x).not.toEqual(big.x);
  });

  it('extends a smaller split with the same seed', () => {
    const small = generateCopySplit(10, P, 123);
    expect(split.x.subarray(0, small.x.length)).toEqual(small.x);
  });
});
