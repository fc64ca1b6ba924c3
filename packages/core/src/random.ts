/**
 * Seeded random numbers for initialisation and dropout masks, generated in JS so that the same
 * seed gives the same parameters on every backend (tfjs's own RNGs differ between backends).
 */
import { mulberry32 } from '@olrd/data/prng';

/** A seeded uniform generator on [0, 1). */
export type Uniform = () => number;

/**
 * Creates a uniform generator on [0, 1) from an integer seed: `@olrd/data`'s mulberry32 (the one
 * PRNG of olrd), seeded with the seed xor a constant so that init streams differ from the data
 * streams of the same seed. The values are pinned by a test: changing them changes every
 * initialisation and every golden gradient.
 */
export function uniformGenerator(seed: number): Uniform {
  return mulberry32(((seed >>> 0) ^ 0x9e3779b9) >>> 0).nextFloat;
}

/** Fills an array with standard normal draws (Box–Muller). */
export function normalArray(uniform: Uniform, size: number, scale = 1): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    out[i] = scale * radius * Math.cos(angle);
    if (i + 1 < size) out[i + 1] = scale * radius * Math.sin(angle);
  }
  return out;
}

/** Standard normal truncated to [−2, 2], by rejection. */
export function truncatedNormalArray(uniform: Uniform, size: number, scale = 1): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let value: number;
    do {
      value = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    } while (Math.abs(value) > 2);
    out[i] = scale * value;
  }
  return out;
}

/** Derives an independent child seed from a seed and a label (FNV-1a over the label). */
export function childSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
