/**
 * Per-quantity-class precision of the on-chip learner: which format and rounding each class of
 * numbers is stored in, parsed from `--precision` text such as
 * `params=q8.8,state=q4.12,traces=q4.12,errors=bf16,updates=stochastic` or a preset name
 * (`fp32`, `bf16`, `int16`, `int8`), optionally followed by overrides (`int8,updates=nearest`).
 */
import { parseNumberFormat, type NumberFormat, type Rounding } from './number-format.js';

/**
 * The classes of numbers of an online learner: parameters; recurrent state h and every forward
 * activation (encoder output, normalised input, readout, logits); eligibility traces; the
 * instantaneous errors δ sent down the layers; gradient accumulators and optimiser state
 * (momentum); and the updates added to the parameters.
 */
export type QuantityClass = 'params' | 'state' | 'traces' | 'errors' | 'accumulators' | 'updates';

/** Every quantity class, in the order tables print them. */
export const QUANTITY_CLASSES: readonly QuantityClass[] = [
  'params',
  'state',
  'traces',
  'errors',
  'accumulators',
  'updates',
];

/** The format and rounding of one class. */
export interface ClassPrecision {
  readonly format: NumberFormat;
  readonly rounding: Rounding;
}

/** A precision for every class. */
export type Precision = Readonly<Record<QuantityClass, ClassPrecision>>;

/** Preset names for `--precision`. */
export type PrecisionPreset = 'fp32' | 'bf16' | 'int16' | 'int8';

/** Every preset name. */
export const PRECISION_PRESETS: readonly PrecisionPreset[] = ['fp32', 'bf16', 'int16', 'int8'];

type Spec = Record<QuantityClass, string>;

// Ranges are chosen for LayerNorm'd activations (|u| ≲ 4) and traces that sum ~1/(1 − |λ|)
// terms. int8 params are q2.6 (±2 in steps of 1/64; the study found q3.5's steps too coarse).
// int8 and int16 round updates stochastically because lr·g is mostly below half a parameter
// step (docs/on-chip.md measures what nearest rounding loses there).
const PRESETS: Record<PrecisionPreset, { spec: Spec; stochasticUpdates: boolean }> = {
  fp32: {
    spec: {
      params: 'fp32',
      state: 'fp32',
      traces: 'fp32',
      errors: 'fp32',
      accumulators: 'fp32',
      updates: 'fp32',
    },
    stochasticUpdates: false,
  },
  bf16: {
    spec: {
      params: 'bf16',
      state: 'bf16',
      traces: 'bf16',
      errors: 'bf16',
      accumulators: 'bf16',
      updates: 'bf16',
    },
    stochasticUpdates: false,
  },
  int16: {
    spec: {
      params: 'q4.12',
      state: 'q4.12',
      traces: 'q6.10',
      errors: 'q4.12',
      accumulators: 'q8.24',
      updates: 'q4.12',
    },
    stochasticUpdates: true,
  },
  int8: {
    spec: {
      params: 'q2.6',
      state: 'q4.12',
      traces: 'q6.10',
      errors: 'q4.12',
      accumulators: 'q8.24',
      updates: 'q2.6',
    },
    stochasticUpdates: true,
  },
};

/** The precision of a preset. */
export function precisionPreset(name: PrecisionPreset): Precision {
  const preset = PRESETS[name];
  const out = {} as Record<QuantityClass, ClassPrecision>;
  for (const quantity of QUANTITY_CLASSES)
    out[quantity] = {
      format: parseNumberFormat(preset.spec[quantity]),
      rounding: quantity === 'updates' && preset.stochasticUpdates ? 'stochastic' : 'nearest',
    };
  return out;
}

function isPreset(text: string): text is PrecisionPreset {
  return (PRECISION_PRESETS as readonly string[]).includes(text);
}

function isClass(text: string): text is QuantityClass {
  return (QUANTITY_CLASSES as readonly string[]).includes(text);
}

/**
 * Parses `--precision`: an optional preset first (default `fp32`), then comma-separated
 * `CLASS=FORMAT`, `CLASS=ROUNDING` or `CLASS=FORMAT:ROUNDING` (ROUNDING `nearest` or
 * `stochastic`). `updates` without a format of its own follows the params' format, so lowering
 * params lowers the updates with them. Throws a `RangeError` naming the bad part and the choices.
 */
export function parsePrecision(text: string): Precision {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0)
    throw new RangeError(`--precision is empty: give a preset (${PRECISION_PRESETS.join(', ')})`);
  const first = parts[0]!.toLowerCase();
  const base = isPreset(first) ? first : 'fp32';
  const result = { ...precisionPreset(base) } as Record<QuantityClass, ClassPrecision>;
  let updatesFormatGiven = false;
  let paramsFormatGiven = false;
  for (const part of isPreset(first) ? parts.slice(1) : parts) {
    const [rawKey, value, extra] = part.split('=');
    const key = (rawKey ?? '').trim().toLowerCase();
    if (value === undefined || extra !== undefined || !isClass(key))
      throw new RangeError(
        `--precision '${part}': expected CLASS=FORMAT[:ROUNDING] with CLASS one of ${QUANTITY_CLASSES.join(', ')} (or a preset first: ${PRECISION_PRESETS.join(', ')})`,
      );
    const [formatText, roundingText, more] = value.trim().toLowerCase().split(':');
    if (more !== undefined) throw new RangeError(`--precision '${part}': one ':' at most`);
    let { format, rounding } = result[key];
    const readRounding = (word: string): Rounding => {
      if (word === 'nearest' || word === 'stochastic') return word;
      throw new RangeError(
        `--precision '${part}': rounding must be nearest or stochastic, got '${word}'`,
      );
    };
    if (formatText === 'nearest' || formatText === 'stochastic') {
      if (roundingText !== undefined)
        throw new RangeError(`--precision '${part}': give FORMAT:ROUNDING, not two roundings`);
      rounding = formatText;
    } else {
      format = parseNumberFormat(formatText ?? '');
      if (roundingText !== undefined) rounding = readRounding(roundingText);
      if (key === 'updates') updatesFormatGiven = true;
      if (key === 'params') paramsFormatGiven = true;
    }
    result[key] = { format, rounding };
  }
  if (paramsFormatGiven && !updatesFormatGiven)
    result.updates = { format: result.params.format, rounding: result.updates.rounding };
  return result;
}

/** True when every class is fixed point (the C export needs no float then). */
export function isAllFixed(precision: Precision): boolean {
  return QUANTITY_CLASSES.every((quantity) => precision[quantity].format.kind === 'fixed');
}

/** `params=q3.5,state=…,updates=q3.5:stochastic`: text {@link parsePrecision} reads back. */
export function formatPrecision(precision: Precision): string {
  return QUANTITY_CLASSES.map((quantity) => {
    const { format, rounding } = precision[quantity];
    return `${quantity}=${format.name}${rounding === 'stochastic' ? ':stochastic' : ''}`;
  }).join(',');
}
