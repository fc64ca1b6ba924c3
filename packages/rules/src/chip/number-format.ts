/**
 * The number formats of the on-chip learner (docs/on-chip.md): IEEE-style floats (fp32, bf16,
 * fp16) and signed saturating fixed point Qm.n in 8, 16 or 32 bits (m integer bits counting the
 * sign, n fraction bits, the ARM convention: q1.7 is int8 on [−1, 1)). Rounding is to nearest
 * with ties to even, or stochastic from a seeded uint32 stream, so that a run reproduces and the
 * C export can draw the same numbers in the same order.
 */

/** A float format: `fp32`, `bf16` (8-bit exponent, 7 stored mantissa bits), `fp16` (5, 10). */
export interface FloatFormat {
  readonly kind: 'float';
  readonly name: 'fp32' | 'bf16' | 'fp16';
  readonly bits: 32 | 16;
}

/** A signed fixed-point format Qm.n: raw integer k in `bits` bits, value k·2^−n, saturating. */
export interface FixedFormat {
  readonly kind: 'fixed';
  readonly name: string;
  readonly bits: 8 | 16 | 32;
  /** m: integer bits including the sign. */
  readonly intBits: number;
  /** n: fraction bits (the shift). */
  readonly fracBits: number;
}

/** One of the formats a quantity can be stored in. */
export type NumberFormat = FloatFormat | FixedFormat;

/** How a value is brought onto a format's grid. */
export type Rounding = 'nearest' | 'stochastic';

/** A source of uniform uint32 draws in [0, 2³²) (stochastic rounding). */
export type Uint32Source = () => number;

const TWO_32 = 4294967296;

const FLOATS: Record<FloatFormat['name'], { mantissa: number; minExponent: number; max: number }> =
  {
    fp32: { mantissa: 23, minExponent: -126, max: (2 - 2 ** -23) * 2 ** 127 },
    bf16: { mantissa: 7, minExponent: -126, max: (2 - 2 ** -7) * 2 ** 127 },
    fp16: { mantissa: 10, minExponent: -14, max: 65504 },
  };

/** The format names a user may type, for error messages. */
export const FORMAT_SYNTAX = 'fp32, bf16, fp16 or qM.N with M ≥ 1 and M + N = 8, 16 or 32';

/**
 * Parses `fp32`, `bf16`, `fp16` or `qM.N` (case-insensitive). Throws a `RangeError` naming the
 * accepted syntax.
 */
export function parseNumberFormat(text: string): NumberFormat {
  const lower = text.trim().toLowerCase();
  if (lower === 'fp32' || lower === 'bf16' || lower === 'fp16')
    return { kind: 'float', name: lower, bits: lower === 'fp32' ? 32 : 16 };
  const match = /^q(\d+)\.(\d+)$/.exec(lower);
  if (match) {
    const intBits = Number(match[1]);
    const fracBits = Number(match[2]);
    const bits = intBits + fracBits;
    if (intBits >= 1 && (bits === 8 || bits === 16 || bits === 32))
      return { kind: 'fixed', name: `q${intBits}.${fracBits}`, bits, intBits, fracBits };
  }
  throw new RangeError(`number format '${text}': expected ${FORMAT_SYNTAX}`);
}

/** Largest and smallest raw integers of a fixed format. */
export function rawRange(format: FixedFormat): { min: number; max: number } {
  const half = 2 ** (format.bits - 1);
  return { min: -half, max: half - 1 };
}

/** Bytes one value of `format` takes in memory. */
export function formatBytes(format: NumberFormat): number {
  return format.bits / 8;
}

/**
 * Rounds a real `value` (given exactly as a double) to an integer: ties to even, or up with
 * probability equal to its fraction (the fraction truncated to 32 bits, compared with one draw).
 */
export function roundToInteger(value: number, rounding: Rounding, random?: Uint32Source): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (rounding === 'stochastic') {
    if (random === undefined) throw new Error('stochastic rounding needs a random source');
    // Draw even when exact, so the stream stays in step with the C export's draws.
    const draw = random();
    return draw < Math.floor(fraction * TWO_32) ? floor + 1 : floor;
  }
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Raw integer of `value` in a fixed format: value·2^n rounded, then saturated. */
export function fixedRaw(
  format: FixedFormat,
  value: number,
  rounding: Rounding,
  random?: Uint32Source,
): number {
  const { min, max } = rawRange(format);
  if (Number.isNaN(value)) return 0;
  const rounded = roundToInteger(value * 2 ** format.fracBits, rounding, random);
  return Math.min(max, Math.max(min, rounded));
}

const exponentView = new DataView(new ArrayBuffer(8));

/** The exponent e with 2^e ≤ |value| < 2^(e+1), read from the double's bits (exact). */
function exponentOf(magnitude: number): number {
  exponentView.setFloat64(0, magnitude);
  const biased = (exponentView.getUint32(0) >>> 20) & 0x7ff;
  // Subnormal doubles (below 2^-1022) are far below every format's smallest number.
  return biased === 0 ? -1074 : biased - 1023;
}

/**
 * `value` rounded to a float format (gradual underflow; overflow to ±∞ as IEEE 754 does).
 * bf16 and fp16 round the value itself, not its fp32 rounding, so no double rounding occurs.
 */
export function floatValue(
  format: FloatFormat,
  value: number,
  rounding: Rounding,
  random?: Uint32Source,
): number {
  if (!Number.isFinite(value) || value === 0) return value;
  if (format.name === 'fp32' && rounding === 'nearest') return Math.fround(value);
  const { mantissa, minExponent, max } = FLOATS[format.name];
  const magnitude = Math.abs(value);
  const exponent = Math.max(exponentOf(magnitude), minExponent);
  const ulp = 2 ** (exponent - mantissa);
  const rounded = roundToInteger(magnitude / ulp, rounding, random) * ulp;
  if (rounded > max) return value > 0 ? Infinity : -Infinity;
  return value < 0 ? -rounded : rounded;
}

/**
 * The value `value` is stored as in `format` (a double on the format's grid): what reading the
 * stored number back gives.
 */
export function quantize(
  format: NumberFormat,
  value: number,
  rounding: Rounding,
  random?: Uint32Source,
): number {
  if (format.kind === 'float') return floatValue(format, value, rounding, random);
  return fixedRaw(format, value, rounding, random) * 2 ** -format.fracBits;
}

/** Human-readable range and resolution of a format, for tables and errors. */
export function describeFormat(format: NumberFormat): string {
  if (format.kind === 'float') return format.name;
  const { min, max } = rawRange(format);
  const step = 2 ** -format.fracBits;
  return `${format.name} [${min * step}, ${max * step}] step 2^-${format.fracBits}`;
}
