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
  floatValue,
  rawRange,
  roundToInteger,
  type FixedFormat,
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

/** `fixedRaw(format, ·, 'nearest')`, inlined for the hot path (same result, tested). */
function nearestFixed(format: FixedFormat): (value: number) => number {
  const up = 2 ** format.fracBits;
  const { min, max } = rawRange(format);
  return (value) => {
    const scaled = value * up;
    const floor = Math.floor(scaled);
    const fraction = scaled - floor;
    let rounded = floor;
    if (fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0)) rounded = floor + 1;
    if (Number.isNaN(scaled)) return 0;
    return rounded < min ? min : rounded > max ? max : rounded;
  };
}

/** `fixedRaw(format, ·, 'stochastic', random)`, inlined for the hot path. */
function stochasticFixed(format: FixedFormat, random: Uint32Source): (value: number) => number {
  const up = 2 ** format.fracBits;
  const { min, max } = rawRange(format);
  return (value) => {
    if (Number.isNaN(value)) return 0;
    const rounded = roundToInteger(value * up, 'stochastic', random);
    return rounded < min ? min : rounded > max ? max : rounded;
  };
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

  /** Per class: value → raw with the class's rounding and to nearest (hot path, built once). */
  private readonly rawOf: Record<QuantityClass, (value: number) => number>;
  private readonly nearestOf: Record<QuantityClass, (value: number) => number>;
  private readonly scaleOf: Record<QuantityClass, number>;

  constructor(precision: Precision, seed: number) {
    this.precision = precision;
    this.random = chipRandom(seed);
    const rawOf = {} as Record<QuantityClass, (value: number) => number>;
    const nearestOf = {} as Record<QuantityClass, (value: number) => number>;
    const scaleOf = {} as Record<QuantityClass, number>;
    for (const cls of Object.keys(precision) as QuantityClass[]) {
      const { format, rounding } = precision[cls];
      const random = this.random;
      if (format.kind === 'fixed') {
        nearestOf[cls] = nearestFixed(format);
        rawOf[cls] = rounding === 'nearest' ? nearestOf[cls] : stochasticFixed(format, random);
        scaleOf[cls] = 2 ** -format.fracBits;
      } else {
        nearestOf[cls] = (value) => floatValue(format, value, 'nearest');
        rawOf[cls] = (value) => floatValue(format, value, rounding, random);
        scaleOf[cls] = 1;
      }
    }
    this.rawOf = rawOf;
    this.nearestOf = nearestOf;
    this.scaleOf = scaleOf;
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
    return this.rawOf[cls](value);
  }

  /**
   * The raw number of `value` rounded to nearest whatever the class's rounding: the quotients
   * (LayerNorm, softmax, the 1/heads scale) round to nearest, as an integer divide does.
   */
  rawNearest(cls: QuantityClass, value: number): number {
    return this.nearestOf[cls](value);
  }

  /** The value class `cls` stores for `value` (rounded, saturated), without storing it. */
  value(cls: QuantityClass, value: number): number {
    return this.rawOf[cls](value) * this.scaleOf[cls];
  }

  /** {@link value} rounded to nearest (see {@link rawNearest}). */
  valueNearest(cls: QuantityClass, value: number): number {
    return this.nearestOf[cls](value) * this.scaleOf[cls];
  }

  /** Stores `value` at `index` of `array`, rounded and saturated to its class. */
  set(array: ChipArray, index: number, value: number): void {
    array.data[index] = this.rawOf[array.cls](value);
  }

  /** {@link set} rounding to nearest (see {@link rawNearest}). */
  setNearest(array: ChipArray, index: number, value: number): void {
    array.data[index] = this.nearestOf[array.cls](value);
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
