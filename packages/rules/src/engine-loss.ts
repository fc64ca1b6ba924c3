/**
 * The guard every `StreamingEngine` runs first: engines speak integer labels and log-probabilities
 * (`EngineTarget.y` is an Int32Array, the fused head is a log-softmax, the `OnlineLearner` scores
 * argmax predictions), so a regression readout (`loss: 'mse'`) is refused with the way round it
 * rather than trained on truncated targets.
 */
import { lossKindOf, type ModelConfig } from '@olrd/core';

/** Throws a `RangeError` when `config` has an mse readout; `what` names the engine. */
export function requireClassificationEngine(config: Pick<ModelConfig, 'loss'>, what: string): void {
  if (lossKindOf(config) === 'mse') {
    throw new RangeError(
      `${what}: streaming engines and the OnlineLearner train classification heads only (integer ` +
        `labels); a model with loss 'mse' streams through computeGradients(…, { execution: 'streaming' }) ` +
        `(olrd train --execution streaming)`,
    );
  }
}
