/**
 * Small, seedable pseudo-random number generators for data generation and shuffling.
 *
 * We use mulberry32 (Tommy Ettinger, public domain): a 32-bit state, one multiply-xorshift
 * round per draw, fast in plain JavaScript and identical on every platform because it only uses
 * `Math.imul` and 32-bit integer arithmetic. It is not cryptographic, and it does not need to be.
 */

/** A deterministic stream of uniform random numbers. */
export interface Prng {
  /** The next uniform unsigned 32-bit integer in [0, 2^32). */
  nextUint32(): number;
  /** The next uniform float in [0, 1), with 32 bits of resolution. */
  nextFloat(): number;
  /** The next uniform integer in [0, n); `n` must be a positive integer below 2^32. */
  nextInt(n: number): number;
}

/** mulberry32's state increment per draw (a Weyl sequence, so any position is one product away). */
const MULBERRY32_STEP = 0x6d2b79f5;

/**
 * Creates a mulberry32 generator. Equal seeds give equal streams on every platform.
 *
 * @param seed - any finite number; it is reduced to 32 bits (`seed >>> 0`)
 */
export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + MULBERRY32_STEP) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextUint32,
    nextFloat: () => nextUint32() / 4294967296,
    // Multiply-shift keeps the result unbiased enough for shuffles (bias < n / 2^32).
    nextInt: (n: number) => Math.floor((nextUint32() / 4294967296) * n),
  };
}

/**
 * The mulberry32 generator of `seed` positioned after `draws` draws: its first draw is draw
 * number `draws` of `mulberry32(seed)`. The state after k draws is `seed + k·step mod 2^32`, so
 * seeking costs one multiplication; generated splits use it to write any sequence on its own.
 *
 * @param draws - draws to skip, a non-negative safe integer
 * @throws RangeError when `draws` is not a non-negative safe integer.
 */
export function mulberry32At(seed: number, draws: number): Prng {
  if (!Number.isSafeInteger(draws) || draws < 0) {
    throw new RangeError(`draws must be a non-negative safe integer, got ${draws}`);
  }
  // Math.imul multiplies modulo 2^32 once `draws` is reduced modulo 2^32 (exact below 2^53).
  const offset = Math.imul(draws % 4294967296, MULBERRY32_STEP) >>> 0;
  return mulberry32(((seed >>> 0) + offset) >>> 0);
}

/**
 * Derives an independent 32-bit seed from a base seed and a list of salts (strings or numbers),
 * e.g. `deriveSeed(seed, 'train')` or `deriveSeed(seed, 'shuffle', epoch)`.
 *
 * Uses FNV-1a over the salts followed by the murmur3 finaliser, so nearby inputs give unrelated
 * seeds. Deterministic across runs and platforms.
 */
export function deriveSeed(seed: number, ...salts: ReadonlyArray<string | number>): number {
  let hash = 0x811c9dc5;
  const mixByte = (byte: number): void => {
    hash = Math.imul(hash ^ (byte & 0xff), 0x01000193) >>> 0;
  };
  const mixWord = (word: number): void => {
    for (let shift = 0; shift < 32; shift += 8) mixByte(word >>> shift);
  };
  mixWord(seed >>> 0);
  for (const salt of salts) {
    if (typeof salt === 'number') {
      mixByte(0x4e);
      mixWord(salt >>> 0);
      mixWord(Math.floor(salt / 4294967296) >>> 0);
    } else {
      mixByte(0x53);
      for (let i = 0; i < salt.length; i++) mixWord(salt.charCodeAt(i));
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}
