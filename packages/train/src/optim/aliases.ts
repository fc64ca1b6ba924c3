/** Named optimisers built from the primitives, as in optax. */
import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import type { GradientTransformation, Schedule } from './gradient-transformation.js';
import { scaleByAdam, type ScaleByAdamOptions } from './scale-by-adam.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';

/** Adam: `chain(scaleByAdam(), scaleByLearningRate(lr))`. */
export function adam(
  learningRate: number | Schedule,
  options: ScaleByAdamOptions = {},
): GradientTransformation {
  return chain(scaleByAdam(options), scaleByLearningRate(learningRate));
}

/**
 * AdamW with decoupled decay applied to every parameter it sees, biases included (as optax
 * and the reference): p ← p − lr·(adam + wd·p).
 */
export function adamw(
  learningRate: number | Schedule,
  weightDecay: number,
  options: ScaleByAdamOptions = {},
): GradientTransformation {
  return chain(
    scaleByAdam(options),
    addDecayedWeights(weightDecay),
    scaleByLearningRate(learningRate),
  );
}
