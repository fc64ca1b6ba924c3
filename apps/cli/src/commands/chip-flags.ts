/**
 * Flags the chip commands share: `--precision` (a preset or per-class spec) and `--optimizer`
 * with its learning rate and momentum.
 */
import {
  CHIP_OPTIMIZERS,
  PRECISION_PRESETS,
  parsePrecision,
  type ChipOptimizerName,
  type Precision,
} from '@olrd/rules';
import { UsageError } from '../cli-errors.js';

/** Help lines of the shared flags. */
export const CHIP_FLAGS_HELP = `  --precision P              a preset (${PRECISION_PRESETS.join(', ')}) and/or CLASS=FORMAT[:ROUNDING]
                             overrides, e.g. params=q8.8,state=q4.12,errors=bf16,updates=stochastic
                             (classes params, state, traces, errors, accumulators, updates;
                             formats fp32, bf16, fp16, qM.N with M + N = 8, 16 or 32)
  --optimizer O              ${CHIP_OPTIMIZERS.join(' | ')} (default sgd; adam needs float params)`;

/** `--precision` text → precision, as a usage error when it does not parse. */
export function precisionFlag(text: string): Precision {
  try {
    return parsePrecision(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--optimizer` text → name. */
export function optimizerFlag(text: string): ChipOptimizerName {
  if (!(CHIP_OPTIMIZERS as readonly string[]).includes(text))
    throw new UsageError(`--optimizer must be one of ${CHIP_OPTIMIZERS.join(', ')}, got '${text}'`);
  return text as ChipOptimizerName;
}
