/**
 * Float formats of safetensors files and float32, both ways: PyTorch and JAX checkpoints store
 * parameters as F16, BF16 or F64, and olrd's low-precision experiments store them narrower.
 * Narrowing rounds to nearest, ties to even (IEEE 754's default), so a float32 value that a
 * format can hold exactly survives the round trip bit for bit; F16 overflows to ±Infinity and
 * underflows through its subnormals to ±0; NaN stays NaN.
 */
import type { SafetensorsFloatDtype, SafetensorsTensor } from './safetensors-types.js';
import { CheckpointError } from './checkpoint-error.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** A binary16 bit pattern as a number (exact: every half is a float32). */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The binary16 bit pattern nearest to float32 `value` (ties to even). */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0); // Inf, NaN
  const e = exponent - 127 + 15; // the half's biased exponent
  if (e >= 0x1f) return sign | 0x7c00; // too large: ±Infinity
  if (e <= 0) {
    // A half subnormal (or zero): the value in units of 2^-24, rounded to nearest even.
    if (e < -10) return sign;
    const full = mantissa | 0x800000; // the implicit 1
    const shift = 14 - e; // 24-bit significand down to the subnormal's 10 bits
    const rounded = roundShift(full, shift);
    return sign | rounded; // a carry into bit 10 yields the smallest normal, as it should
  }
  const rounded = roundShift(mantissa | 0x800000, 13); // 24 → 11 significant bits
  // A carry out of the 11 bits bumps the exponent (and may reach Infinity, 0x7c00).
  return rounded >= 0x800 ? sign | ((e + 1) << 10) : sign | (e << 10) | (rounded & 0x3ff);
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** A bfloat16 bit pattern as a number. */
export function bfloat16ToFloat(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}

/** The bfloat16 bit pattern nearest to float32 `value` (ties to even; NaN stays a quiet NaN). */
export function floatToBfloat16(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) return ((x >>> 16) | 0x40) & 0xffff;
  return (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}

/**
 * A float tensor's values as float32 (F64 is rounded to nearest; F16 and BF16 are exact).
 *
 * @throws CheckpointError for an I32 tensor, naming `name`.
 * @example
 * ```ts
 * import { tensorToFloat32, floatTensor } from '@olrd/tensor';
 * const half = floatTensor(new Float32Array([1, 0.1]), [2], 'F16');
 * tensorToFloat32(half); // Float32Array [1, 0.0999755859375]
 * ```
 */
export function tensorToFloat32(tensor: SafetensorsTensor, name = 'tensor'): Float32Array {
  switch (tensor.dtype) {
    case 'F32':
      return tensor.data;
    case 'F64':
      return Float32Array.from(tensor.data);
    case 'F16':
      return Float32Array.from(tensor.data, halfToFloat);
    case 'BF16':
      return Float32Array.from(tensor.data, bfloat16ToFloat);
    case 'I32':
      throw new CheckpointError(`${name} is I32, expected a float dtype (F32, F16, BF16, F64)`);
  }
}

/** float32 values stored as `dtype` (rounded to nearest even when narrower). */
export function floatTensor(
  data: Float32Array,
  shape: readonly number[],
  dtype: SafetensorsFloatDtype,
): SafetensorsTensor {
  switch (dtype) {
    case 'F32':
      return { dtype, shape, data };
    case 'F64':
      return { dtype, shape, data: Float64Array.from(data) };
    case 'F16':
      return { dtype, shape, data: Uint16Array.from(data, floatToHalf) };
    case 'BF16':
      return { dtype, shape, data: Uint16Array.from(data, floatToBfloat16) };
  }
}
