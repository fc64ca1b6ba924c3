/** Seeded permutations for epoch shuffling. */
import { mulberry32 } from './prng.js';

/**
 * A uniformly random permutation of `0..n-1` (Fisher–Yates driven by mulberry32).
 * Equal `(n, seed)` give equal permutations on every platform.
 */
export function seededPermutation(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const prng = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}
