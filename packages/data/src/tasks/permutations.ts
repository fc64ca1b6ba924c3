/**
 * Pixel permutations for psMNIST. The reference (S4/S5 `bitreversal_permutation`) does not use a
 * random permutation: it takes the bit-reversal permutation of the next power of two (1024 for
 * 784 pixels) and keeps the entries below n, in order. A seeded random permutation is offered too.
 */
import { seededPermutation } from '../shuffle.js';

/**
 * The reference's bit-reversal permutation of `n` indices: `order[s]` is the pixel shown at step s.
 *
 * @throws RangeError when n is not a positive integer.
 */
export function bitReversalPermutation(n: number): Int32Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  const bits = Math.ceil(Math.log2(n));
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < 1 << bits; i++) {
    let reversed = 0;
    for (let b = 0; b < bits; b++) reversed |= ((i >> b) & 1) << (bits - 1 - b);
    if (reversed < n) out[k++] = reversed;
  }
  return out;
}

/** A seeded uniformly random permutation of `n` indices. */
export function randomPixelPermutation(n: number, seed: number): Int32Array {
  return seededPermutation(n, seed);
}

/** `pixels [count, n]` with each row reordered so that step s holds pixel `order[s]`. */
export function permuteRows(pixels: Uint8Array, count: number, order: Int32Array): Uint8Array {
  const n = order.length;
  const out = new Uint8Array(count * n);
  for (let row = 0; row < count; row++) {
    const base = row * n;
    for (let s = 0; s < n; s++) out[base + s] = pixels[base + order[s]!]!;
  }
  return out;
}
