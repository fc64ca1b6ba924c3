/**
 * The learning-rate schedule (spec 1 §5.2): linear warmup for `warmupEnd` epochs, then a cosine
 * from the base rate down to `lrMin` (or a constant rate).
 *
 * `rebased` (olrd's default) fixes two reference quirks:
 * - the cosine is re-based at the end of warmup, so it spans exactly the remaining epochs and
 *   reaches lrMin at the end of training (the reference keeps counting from step 0, so its cosine
 *   starts part-way and bottoms out `warmupEnd` epochs early);
 * - update s uses lr(s), so the first update uses the smallest warmup rate (the reference sets
 *   the rate after each step, so its first step uses the full base rate).
 * `reference` reproduces the reference exactly, per micro-batch, including under accumulation.
 */
import type { LrSchedule } from '../config/train-config.js';
import type { Schedule } from './gradient-transformation.js';

/** Inputs of {@link createLrSchedule}. */
export interface LrScheduleOptions {
  variant: LrSchedule;
  /** Base rate (lr, or rec_lr = lrFactor·lr for the recurrent group). */
  lrBase: number;
  lrMin: number;
  epochs: number;
  /** Warmup length in epochs (0 = none). */
  warmupEnd: number;
  cosineAnneal: boolean;
  /** Micro-batches per epoch (⌊train size / bsz⌋). */
  stepsPerEpoch: number;
  /** Micro-batches per optimiser update (default 1). */
  accumulationSteps?: number;
}

function cosine(base: number, lrMin: number, count: number, end: number): number {
  if (end <= 0) return lrMin;
  return (base - lrMin) * 0.5 * (1 + Math.cos((Math.PI * Math.min(count, end)) / end)) + lrMin;
}

/**
 * Builds the schedule as a function of the 0-based optimiser update index.
 *
 * @throws RangeError when `stepsPerEpoch` or `accumulationSteps` is not positive.
 */
export function createLrSchedule(options: LrScheduleOptions): Schedule {
  const { variant, lrBase, lrMin, epochs, warmupEnd, cosineAnneal, stepsPerEpoch } = options;
  const k = options.accumulationSteps ?? 1;
  if (!(stepsPerEpoch > 0) || !(k >= 1)) {
    throw new RangeError(`createLrSchedule: need stepsPerEpoch > 0 and accumulationSteps >= 1`);
  }
  if (variant === 'rebased') {
    const updatesPerEpoch = stepsPerEpoch / k;
    const warmupUpdates = warmupEnd * updatesPerEpoch;
    const decayUpdates = (epochs - warmupEnd) * updatesPerEpoch;
    return (step) => {
      if (step < warmupUpdates) return (lrBase * (step + 1)) / warmupUpdates;
      return cosineAnneal ? cosine(lrBase, lrMin, step - warmupUpdates, decayUpdates) : lrBase;
    };
  }
  const warmupSteps = stepsPerEpoch * warmupEnd;
  const decaySteps = stepsPerEpoch * (epochs - warmupEnd);
  return (update) => {
    // The micro-batch on which this update is applied; its rate was set after the previous one.
    const microStep = (update + 1) * k - 1;
    if (microStep === 0) return lrBase;
    const previousEpoch = Math.floor((microStep - 1) / stepsPerEpoch);
    if (previousEpoch < warmupEnd) return (lrBase * (microStep + 1)) / warmupSteps;
    return cosineAnneal ? cosine(lrBase, lrMin, microStep, decaySteps) : lrBase;
  };
}
