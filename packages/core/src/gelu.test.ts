import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { gelu } from './gelu.js';

describe('gelu', () => {
  it('matches the tanh form 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))', () => {
    const xs = [-6, -3, -1, -0.1, 0, 0.3, 1, 2.5, 8];
    const got = Array.from(gelu(tf.tensor1d(xs)).dataSync());
    xs.forEach((x, i) => {
      const expected = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
      expect(got[i]).toBeCloseTo(expected, 5);
    });
  });
});
