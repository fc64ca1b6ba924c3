import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32, mulberry32At } from './prng.js';

describe('mulberry32', () => {
  it('is deterministic and matches the published reference stream', () => {
    // First outputs of the canonical JavaScript mulberry32 for seed 1.
    const prng = mulberry32(1);
    const first = [prng.nextUint32(), prng.nextUint32(), prng.nextUint32()];
    const again = mulberry32(1);
    expect([again.nextUint32(), again.nextUint32(), again.nextUint32()]).toEqual(first);
    expect(first.map((value) => value / 4294967296)).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
    // The state wraps at 2^32 exactly like the reference implementation.
    const long = mulberry32(1);
    for (let i = 0; i < 1_000_000; i++) long.nextUint32();
    expect(long.nextFloat()).toBe(0.12963211257010698);
  });

  it('draws floats in [0, 1) with a mean near 1/2', () => {
    const prng = mulberry32(42);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const value = prng.nextFloat();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      sum += value;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
  });

  it('draws integers in [0, n)', () => {
    const prng = mulberry32(7);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(prng.nextInt(5));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('deriveSeed', () => {
  it('is deterministic and separates salts', () => {
    expect(deriveSeed(3, 'train')).toBe(deriveSeed(3, 'train'));
    const seeds = new Set([
      deriveSeed(3, 'train'),
      deriveSeed(3, 'val'),
      deriveSeed(3, 'test'),
      deriveSeed(4, 'train'),
      deriveSeed(3, 'shuffle', 0),
      deriveSeed(3, 'shuffle', 1),
    ]);
    expect(seeds.size).toBe(6);
  });
});

describe('mulberry32At', () => {
  it('continues the stream of mulberry32(seed) after any number of draws', () => {
    const stream = mulberry32(77);
    const drawn = Array.from({ length: 300 }, () => stream.nextUint32());
    for (const skip of [0, 1, 7, 299])
      expect(mulberry32At(77, skip).nextUint32()).toBe(drawn[skip]);
    // Past 2^32 draws the state wraps (the Weyl step is odd, so the period is exactly 2^32).
    expect(mulberry32At(5, 2 ** 32 + 3).nextUint32()).toBe(mulberry32At(5, 3).nextUint32());
    // The long stream of the reference test above, reached in one step.
    expect(mulberry32At(1, 1_000_000).nextFloat()).toBe(0.12963211257010698);
  });

  it('rejects a position that is not a non-negative safe integer', () => {
    expect(() => mulberry32At(1, -1)).toThrow(/draws must be a non-negative safe integer, got -1/);
    expect(() => mulberry32At(1, 1.5)).toThrow(/got 1.5/);
  });
});
