/**
 * ρ(A) by Gelfand's formula on matrices whose eigenvalues are known, including the cases power
 * iteration gets wrong (a dominant complex pair) or slowly (a Jordan block).
 */
import { describe, expect, it } from 'vitest';
import { spectralRadius } from './spectral-radius.js';

/** Row-major companion matrix of the monic polynomial with these real coefficients (c0 first). */
function companion(coefficients: number[]): number[] {
  const n = coefficients.length;
  const a = new Array<number>(n * n).fill(0);
  for (let i = 1; i < n; i++) a[i * n + i - 1] = 1;
  for (let i = 0; i < n; i++) a[i * n + n - 1] = -(coefficients[i] as number);
  return a;
}

describe('spectralRadius', () => {
  it('finds the modulus of a dominant complex pair (a scaled rotation)', () => {
    const r = 0.9;
    const t = 1.1;
    const a = [r * Math.cos(t), -r * Math.sin(t), r * Math.sin(t), r * Math.cos(t)];
    expect(spectralRadius(a, 2)).toBeCloseTo(0.9, 5);
  });

  it('takes the largest modulus, whatever its sign', () => {
    expect(spectralRadius([0.3, 0, 0, 0, -0.7, 0, 0, 0, 0.5], 3)).toBeCloseTo(0.7, 6);
    expect(spectralRadius([2.5], 1)).toBeCloseTo(2.5, 6);
  });

  it('handles a non-normal matrix and a Jordan block', () => {
    // Eigenvalues 0.5 (twice) but ‖A‖ ≈ 10: the norm is no estimate of ρ.
    expect(spectralRadius([0.5, 10, 0, 0.5], 2)).toBeCloseTo(0.5, 2);
    // (x − 0.8e^{±i·0.7})(x − 0.4): roots of modulus 0.8, 0.8, 0.4.
    const re = 0.8 * Math.cos(0.7);
    const [q0, q1] = [0.64, -2 * re]; // x² + q1·x + q0
    const coefficients = [-0.4 * q0, q0 - 0.4 * q1, q1 - 0.4];
    expect(spectralRadius(companion(coefficients), 3)).toBeCloseTo(0.8, 4);
  });

  it('is 0 for zero and nilpotent matrices, and checks its size', () => {
    expect(spectralRadius([0, 0, 0, 0], 2)).toBe(0);
    expect(spectralRadius([0, 1, 0, 0], 2)).toBe(0);
    expect(() => spectralRadius([1, 2, 3], 2)).toThrow(/3 values for 2×2/);
  });
});
