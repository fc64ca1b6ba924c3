import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat,
  floatTensor,
  floatToBfloat16,
  floatToHalf,
  halfToFloat,
  tensorToFloat32,
} from './safetensors-floats.js';
import { parseSafetensors } from './safetensors-parse.js';
import { serializeSafetensors } from './safetensors-serialize.js';

/** Every finite half as a number, by its bit pattern: the reference for the exhaustive checks. */
const HALVES = Array.from({ length: 0x10000 }, (_, bits) => bits).filter(
  (bits) => (bits & 0x7c00) !== 0x7c00,
);

describe('safetensors float formats', () => {
  it('decodes binary16 by its definition, and every finite half round-trips bit for bit', () => {
    expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x8000].map(halfToFloat)).toEqual([
      1,
      -2,
      65504,
      2 ** -24,
      2 ** -14,
      -0,
    ]);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
    for (const bits of HALVES) expect(floatToHalf(halfToFloat(bits))).toBe(bits);
  });

  it('narrows float32 to the nearest half, ties to even, with overflow and underflow', () => {
    // 1 + 2^-11 is halfway between 1 and the next half: ties to even (1); 1 + 3·2^-11 rounds up.
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00);
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(floatToHalf(0.1)).toBe(0x2e66); // 0.0999755859375
    expect(floatToHalf(65520)).toBe(0x7c00); // halfway to 2^16 rounds up to Infinity
    expect(floatToHalf(65519)).toBe(0x7bff);
    expect(floatToHalf(2 ** -25)).toBe(0); // half the smallest subnormal: tie to even (0)
    expect(floatToHalf(1.5 * 2 ** -25)).toBe(1);
    expect(floatToHalf(-(2 ** -30))).toBe(0x8000);
    expect(floatToHalf(NaN) & 0x7c00).toBe(0x7c00);
    expect(floatToHalf(NaN) & 0x3ff).not.toBe(0);
    // Nearest: for random floats in the half range, no half is closer than the chosen one.
    let state = 7;
    for (let i = 0; i < 2000; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const value = Math.fround(((state / 2 ** 32) * 2 - 1) * 60000);
      const chosen = halfToFloat(floatToHalf(value));
      const error = Math.abs(chosen - value);
      const bits = floatToHalf(value);
      for (const neighbour of [bits - 1, bits + 1])
        if ((neighbour & 0x7c00) !== 0x7c00)
          expect(Math.abs(halfToFloat(neighbour & 0xffff) - value)).toBeGreaterThanOrEqual(error);
    }
  });

  it('bfloat16 keeps the upper 16 bits of a float32, rounded to nearest even', () => {
    expect(floatToBfloat16(1)).toBe(0x3f80);
    expect(bfloat16ToFloat(0x3f80)).toBe(1);
    expect(floatToBfloat16(1 + 2 ** -8)).toBe(0x3f80); // a tie: even
    expect(floatToBfloat16(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(floatToBfloat16(-Infinity)).toBe(0xff80);
    expect(bfloat16ToFloat(floatToBfloat16(NaN))).toBeNaN();
    expect(bfloat16ToFloat(floatToBfloat16(3.0e38))).toBeCloseTo(3.0e38, -36);
  });

  it('reads and writes F16, BF16 and F64 tensors in files, and widens them to float32', () => {
    const values = new Float32Array([1, -0.5, 0.1, 1000]);
    const file = parseSafetensors(
      serializeSafetensors({
        half: floatTensor(values, [2, 2], 'F16'),
        brain: floatTensor(values, [4], 'BF16'),
        double: floatTensor(values, [4], 'F64'),
      }),
    );
    expect(file.tensors.half!.dtype).toBe('F16');
    expect(file.tensors.half!.shape).toEqual([2, 2]);
    expect([...tensorToFloat32(file.tensors.half!)]).toEqual([1, -0.5, 0.0999755859375, 1000]);
    expect([...tensorToFloat32(file.tensors.brain!)]).toEqual([1, -0.5, 0.10009765625, 1000]);
    expect(tensorToFloat32(file.tensors.double!)).toEqual(values);
    expect(file.tensors.double!.data).toBeInstanceOf(Float64Array);
    expect(() =>
      tensorToFloat32({ dtype: 'I32', shape: [1], data: new Int32Array(1) }, "tensor 'y'"),
    ).toThrow(/tensor 'y' is I32, expected a float dtype/);
  });
});
