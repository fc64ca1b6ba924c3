/**
 * The arithmetic of the on-chip learner. Every number lives in a typed array of its class's
 * format: fixed point as raw integers (Int8/Int16/Int32Array, value = raw·2^−n), floats as
 * their values in a Float32Array. Kernels read values, form sums of products in doubles and
 * store through {@link ChipNumerics.set}, which rounds and saturates once. For fixed point those
 * doubles are exact integers scaled by powers of two (every product stays below 2^53, which
 * `checkExactRange` enforces), so the result is what an int64 accumulator with a final
 * shift-and-round gives: the C export does exactly that, bit for bit.
 */
import { uniformGenerator } from '@olrd/core';
import {
  fixedRaw,
  floatValue,
  roundToInteger,
  type NumberFormat,
  type Uint32Source,
} from './number-format.js';
import type { Precision, QuantityClass } from './precision.js';

/** A typed array of one quantity class. */
export interface ChipArray {
  readonly cls: QuantityClass;
  /** Raw storage: integers for fixed point, values for floats. */
  readonly data: Int8Array | Int16Array | Int32Array | Float32Array;
  /** 2^−n for fixed point, 1 for floats: value = data[i]·scale. */
  readonly scale: number;
}

function storageFor(format: NumberFormat, length: number): ChipArray['data'] {
  if (format.kind === 'float') return new Float32Array(length);
  if (format.bits === 8) return new Int8Array(length);
  if (format.bits === 16) return new Int16Array(length);
  return new Int32Array(length);
}

/** The uint32 stream of stochastic rounding: core's mulberry32, scaled back to integers. */
export function chipRandom(seed: number): Uint32Source {
  const uniform = uniformGenerator(seed);
  return () => uniform() * 4294967296;
}

/** Formats, rounding and the random stream of one learner. */
export class ChipNumerics {
  readonly precision: Precision;
  private readonly random: Uint32Source;

  constructor(precision: Precision, seed: number) {
    this.precision = precision;
    this.random = chipRandom(seed);
  }

  /** A zeroed array of `length` numbers of class `cls`. */
  allocate(cls: QuantityClass, length: number): ChipArray {
    const format = this.precision[cls].format;
    return {
      cls,
      data: storageFor(format, length),
      scale: format.kind === 'fixed' ? 2 ** -format.fracBits : 1,
    };
  }

  /** True when `cls` is fixed point. */
  isFixed(cls: QuantityClass): boolean {
    return this.precision[cls].format.kind === 'fixed';
  }

  /** The raw number `value` is stored as in class `cls`, with the class's rounding. */
  raw(cls: QuantityClass, value: number): number {
    const { format, rounding } = this.precision[cls];
    if (format.kind === 'fixed') return fixedRaw(format, value, rounding, this.random);
    return floatValue(format, value, rounding, this.random);
  }

  /**
   * The raw number of `value` rounded to nearest whatever the class's rounding: the quotients
   * (LayerNorm, softmax, the 1/heads scale) round to nearest, as an integer divide does.
   */
  rawNearest(cls: QuantityClass, value: number): number {
    const { format } = this.precision[cls];
    if (format.kind === 'fixed') return fixedRaw(format, value, 'nearest');
    return floatValue(format, value, 'nearest');
  }

  /** The value class `cls` stores for `value` (rounded, saturated), without storing it. */
  value(cls: QuantityClass, value: number): number {
    const format = this.precision[cls].format;
    const raw = this.raw(cls, value);
    return format.kind === 'fixed' ? raw * 2 ** -format.fracBits : raw;
  }

  /** {@link value} rounded to nearest (see {@link rawNearest}). */
  valueNearest(cls: QuantityClass, value: number): number {
    const format = this.precision[cls].format;
    const raw = this.rawNearest(cls, value);
    return format.kind === 'fixed' ? raw * 2 ** -format.fracBits : raw;
  }

  /** Stores `value` at `index` of `array`, rounded and saturated to its class. */
  set(array: ChipArray, index: number, value: number): void {
    array.data[index] = this.raw(array.cls, value);
  }

  /** {@link set} rounding to nearest (see {@link rawNearest}). */
  setNearest(array: ChipArray, index: number, value: number): void {
    array.data[index] = this.rawNearest(array.cls, value);
  }
}

/** The value at `index`. */
export function read(array: ChipArray, index: number): number {
  return array.data[index]! * array.scale;
}

/** Zeroes an array. */
export function zero(array: ChipArray): void {
  array.data.fill(0);
}

/** An integer division rounded to nearest, ties to even (exact for |a|, |b| < 2^53). */
export function divideNearest(a: number, b: number): number {
  return roundToInteger(a / b, 'nearest');
}

/** ⌊√v⌋ of a non-negative integer below 2^53. */
export function integerSqrt(v: number): number {
  let root = Math.floor(Math.sqrt(v));
  while (root * root > v) root--;
  while ((root + 1) * (root + 1) <= v) root++;
  return root;
}

const PRODUCT_CLASSES: readonly [QuantityClass, QuantityClass][] = [
  ['params', 'state'],
  ['params', 'errors'],
  ['params', 'traces'],
  ['errors', 'traces'],
  ['errors', 'state'],
  ['state', 'state'],
];

/**
 * Throws when two classes multiplied together are both 32-bit fixed point: their product (62
 * bits) leaves the range in which the simulator's doubles and the C export's int64 are exact.
 */
export function checkExactRange(precision: Precision): void {
  for (const [a, b] of PRODUCT_CLASSES) {
    const fa = precision[a].format;
    const fb = precision[b].format;
    if (fa.kind === 'fixed' && fb.kind === 'fixed' && fa.bits === 32 && fb.bits === 32)
      throw new RangeError(
        `precision: ${a}=${fa.name} × ${b}=${fb.name} multiplies two 32-bit fixed-point numbers; the exact range is 53 bits, so make one of them 8 or 16 bits (32-bit fixed point suits accumulators and updates)`,
      );
  }
}
