import { uniformGenerator } from '@olrd/core';
import { describe, expect, it } from 'vitest';
import {
  fixedRaw,
  floatValue,
  parseNumberFormat,
  quantize,
  rawRange,
  roundToInteger,
  type FixedFormat,
  type FloatFormat,
} from './number-format.js';

const fixed = (text: string) => parseNumberFormat(text) as FixedFormat;
const float = (text: string) => parseNumberFormat(text) as FloatFormat;

/** bf16 by the bit trick hardware uses: round-to-nearest-even on the low 16 bits of fp32. */
function bf16Reference(value: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getUint32(0);
  const rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
  view.setUint32(0, rounded << 16);
  return view.getFloat32(0);
}

describe('parseNumberFormat', () => {
  it('reads floats and Qm.n in 8, 16 and 32 bits', () => {
    expect(parseNumberFormat('BF16')).toEqual({ kind: 'float', name: 'bf16', bits: 16 });
    expect(parseNumberFormat('q8.8')).toMatchObject({ bits: 16, intBits: 8, fracBits: 8 });
    expect(parseNumberFormat('q1.7')).toMatchObject({ bits: 8, fracBits: 7 });
    expect(parseNumberFormat('q8.24')).toMatchObject({ bits: 32, fracBits: 24 });
  });
  it('refuses other widths and a zero integer part, naming the syntax', () => {
    for (const text of ['q4.5', 'q0.8', 'int8', 'fp64', 'q8'])
      expect(() => parseNumberFormat(text)).toThrow(/M \+ N = 8, 16 or 32/);
  });
});

describe('fixed point', () => {
  it('round-trips every raw value of every 8- and 16-bit format exactly', () => {
    for (const text of ['q1.7', 'q3.5', 'q8.0', 'q4.12', 'q8.8', 'q1.15']) {
      const format = fixed(text);
      const { min, max } = rawRange(format);
      for (let raw = min; raw <= max; raw++) {
        const value = raw * 2 ** -format.fracBits;
        expect(fixedRaw(format, value, 'nearest')).toBe(raw);
        expect(quantize(format, value, 'nearest')).toBe(value);
      }
    }
  });
  it('round-trips 32-bit extremes', () => {
    const format = fixed('q8.24');
    for (const raw of [-(2 ** 31), 2 ** 31 - 1, -1, 1, 123456789])
      expect(fixedRaw(format, raw / 2 ** 24, 'nearest')).toBe(raw);
  });
  it('saturates instead of wrapping', () => {
    expect(fixedRaw(fixed('q1.7'), 1, 'nearest')).toBe(127);
    expect(fixedRaw(fixed('q1.7'), -5, 'nearest')).toBe(-128);
    expect(quantize(fixed('q4.12'), 1e9, 'nearest')).toBe(32767 / 4096);
    expect(fixedRaw(fixed('q8.24'), -1e12, 'nearest')).toBe(-(2 ** 31));
    // Rounding up past the top also saturates.
    expect(fixedRaw(fixed('q1.7'), 127.6 / 128, 'nearest')).toBe(127);
  });
  it('rounds ties to even, both signs', () => {
    const q = fixed('q4.4');
    const ties: [number, number][] = [
      [0.5, 0],
      [1.5, 2],
      [2.5, 2],
      [-0.5, 0],
      [-1.5, -2],
      [-2.5, -2],
    ];
    for (const [halfSteps, raw] of ties) expect(fixedRaw(q, halfSteps / 16, 'nearest')).toBe(raw);
    expect(fixedRaw(q, 0.51 / 16, 'nearest')).toBe(1);
    expect(fixedRaw(q, -0.49 / 16, 'nearest')).toBe(0);
  });
  it('rounds stochastically without bias and reproducibly', () => {
    const q = fixed('q1.7');
    const uniform = uniformGenerator(7);
    const draw = () => Math.floor(uniform() * 4294967296);
    for (const value of [0.3 / 128, -2.75 / 128, 10.125 / 128]) {
      let sum = 0;
      const n = 20000;
      for (let i = 0; i < n; i++) sum += fixedRaw(q, value, 'stochastic', draw);
      // σ of the mean ≤ 0.5/√n ≈ 0.0035 raw steps.
      expect(Math.abs(sum / n - value * 128)).toBeLessThan(0.02);
    }
    const a = uniformGenerator(3);
    const b = uniformGenerator(3);
    const run = (u: () => number) =>
      Array.from({ length: 50 }, () =>
        fixedRaw(q, 0.37 / 128, 'stochastic', () => Math.floor(u() * 4294967296)),
      );
    expect(run(a)).toEqual(run(b));
    // An exact value never moves, whatever is drawn.
    expect(roundToInteger(3, 'stochastic', () => 4294967295)).toBe(3);
    expect(roundToInteger(3, 'stochastic', () => 0)).toBe(3);
  });
  it('needs a random source for stochastic rounding', () => {
    expect(() => roundToInteger(0.5, 'stochastic')).toThrow(/random source/);
  });
});

describe('floats', () => {
  it('fp32 nearest is Math.fround', () => {
    const uniform = uniformGenerator(1);
    for (let i = 0; i < 1000; i++) {
      const value = (uniform() - 0.5) * 10 ** (uniform() * 20 - 10);
      expect(floatValue(float('fp32'), value, 'nearest')).toBe(Math.fround(value));
    }
  });
  it('bf16 matches the fp32 bit trick on fp32 inputs', () => {
    const uniform = uniformGenerator(2);
    for (let i = 0; i < 2000; i++) {
      const value = Math.fround((uniform() - 0.5) * 10 ** (uniform() * 30 - 15));
      expect(floatValue(float('bf16'), value, 'nearest')).toBe(bf16Reference(value));
    }
    // Ties to even at 1 + 2^-8 (halfway between 1 and 1 + 2^-7).
    expect(floatValue(float('bf16'), 1 + 2 ** -8, 'nearest')).toBe(1);
    expect(floatValue(float('bf16'), 1 + 3 * 2 ** -8, 'nearest')).toBe(1 + 2 ** -6);
  });
  it('fp16 rounds, underflows gradually and overflows to infinity', () => {
    const f = float('fp16');
    expect(floatValue(f, 65504, 'nearest')).toBe(65504);
    expect(floatValue(f, 65519, 'nearest')).toBe(65504);
    expect(floatValue(f, 65520, 'nearest')).toBe(Infinity);
    expect(floatValue(f, -1e6, 'nearest')).toBe(-Infinity);
    expect(floatValue(f, 2 ** -24, 'nearest')).toBe(2 ** -24);
    expect(floatValue(f, 2 ** -25, 'nearest')).toBe(0);
    expect(floatValue(f, 1.5 * 2 ** -24, 'nearest')).toBe(2 ** -23);
    expect(floatValue(f, 1 + 2 ** -11, 'nearest')).toBe(1);
    expect(floatValue(f, 0.1, 'nearest')).toBe(0.0999755859375);
    // Every fp16 value of one binade round-trips.
    for (let m = 0; m < 1024; m++) {
      const value = (1 + m / 1024) * 2 ** -3;
      expect(floatValue(f, value, 'nearest')).toBe(value);
    }
  });
  it('stochastic float rounding is unbiased', () => {
    const uniform = uniformGenerator(5);
    const draw = () => Math.floor(uniform() * 4294967296);
    const value = 1 + 0.3 * 2 ** -7;
    let sum = 0;
    for (let i = 0; i < 20000; i++) sum += floatValue(float('bf16'), value, 'stochastic', draw);
    expect(Math.abs(sum / 20000 - value)).toBeLessThan(2 ** -7 * 0.02);
  });
});
