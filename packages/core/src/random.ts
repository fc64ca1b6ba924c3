/**
 * Seeded random numbers for initialisation and dropout masks, generated in JS so that the same
 * seed gives the same parameters on every backend (tfjs's own RNGs differ between backends).
 */

/** A seeded uniform generator on [0, 1) (mulberry32). */
export type Uniform = () => number;

/** Creates a uniform generator on [0, 1) from an integer seed. */
export function uniformGenerator(seed: number): Uniform {
  let state = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
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
