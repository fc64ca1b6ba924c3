/**
 * The tensor engine's typed-array boundary (tensor-engine.ts): parameters from row-major
 * arrays, one step's tensors in and log-probabilities out, and the weighted loss the
 * `StreamingEngine` interface reports.
 */
import { tf } from '@olrd/tensor';
import { paramShapes, type ModelConfig, type Params } from '@olrd/core';
import type { StepTarget } from '../cell-rules/streaming-rule.js';
import type { EngineStepResult, EngineTarget } from '../streaming-engine.js';

/** Σ_b weight_b · (−mean over heads of log p[y]) for log-probs [B, multidim, C]. */
export function weightedStepLoss(
  logProbs: Float32Array,
  target: EngineTarget,
  multidim: number,
  classes: number,
): number {
  let loss = 0;
  const batch = target.weight.length;
  for (let b = 0; b < batch; b++) {
    let sum = 0;
    for (let head = 0; head < multidim; head++) {
      const label = target.y[b * multidim + head] as number;
      sum -= logProbs[(b * multidim + head) * classes + label] as number;
    }
    loss += (target.weight[b] as number) * (sum / multidim);
  }
  return loss;
}

/** Tensors of `paramShapes(config)` from row-major arrays (fresh; the caller owns them). */
export function paramsFromArrays(
  config: ModelConfig,
  values: Record<string, Float32Array>,
): Params {
  const out: Params = {};
  for (const [name, shape] of Object.entries(paramShapes(config))) {
    const array = values[name];
    if (array === undefined) throw new Error(`streaming engine: missing parameter '${name}'`);
    out[name] = tf.tensor(array, shape);
  }
  return out;
}

/**
 * One engine step: x and the target as tensors, `advance` (which steps the engine's state and
 * returns this step's log-probs), then the log-probs read back and the loss of the step.
 */
export function tensorStep(
  config: ModelConfig,
  batchSize: number,
  x: Float32Array,
  target: EngineTarget | null,
  advance: (input: tf.Tensor2D, target: StepTarget | null) => tf.Tensor,
): EngineStepResult {
  const input = tf.tensor2d(x, [batchSize, config.dInput]);
  const stepTarget =
    target === null
      ? null
      : {
          y: tf.tensor2d(target.y, [batchSize, config.multidim], 'int32'),
          weight: tf.tensor1d(target.weight),
        };
  const logProbs = advance(input, stepTarget);
  const values = logProbs.dataSync() as Float32Array;
  tf.dispose([input, logProbs, ...(stepTarget === null ? [] : [stepTarget.y, stepTarget.weight])]);
  return {
    logProbs: values,
    loss: target === null ? 0 : weightedStepLoss(values, target, config.multidim, config.nClasses),
  };
}
