/** Seeded random inputs and tolerance checks for the conformance suite. */
import { tf } from '../node.js';

/** A small seeded PRNG (mulberry32) so failures reproduce. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` uniform values in [low, high), rounded to float32. */
export function uniform(random: () => number, size: number, low = -1, high = 1): Float32Array {
  return Float32Array.from({ length: size }, () => low + (high - low) * random());
}

/** λ = r·e^{iθ} with r in [rMin, rMax), θ in [0, 2π), rounded to float32. */
export function randomLambda(
  random: () => number,
  units: number,
  rMin: number,
  rMax: number,
): { re: Float32Array; im: Float32Array } {
  const re = new Float32Array(units);
  const im = new Float32Array(units);
  for (let n = 0; n < units; n++) {
    const r = rMin + (rMax - rMin) * random();
    const theta = 2 * Math.PI * random();
    re[n] = r * Math.cos(theta);
    im[n] = r * Math.sin(theta);
  }
  return { re, im };
}

/** Max |actual − expected| / scale, where scale = max(1, max |expected|). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  if (actual.length !== expected.length) return Infinity;
  return worst / scale;
}

/** Reads a tensor's values (works on every backend, including webgpu). */
export async function valuesOf(tensor: tf.Tensor): Promise<Float32Array> {
  return (await tensor.data()) as Float32Array;
}
