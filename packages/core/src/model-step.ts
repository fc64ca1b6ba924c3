/**
 * One time step of the stacked model, for streaming execution: encoder → every layer (each cell
 * advanced by a caller-chosen transition) → causal pooling → decoder. The transition is where a
 * learning rule decides what the step's graph contains (a detached carry, stopped recurrent terms,
 * a state taken as an input); everything else is the same code as sequence mode.
 */
import { tf } from '@olrd/tensor';
import { dense } from './dense.js';
import type { DropoutMasks } from './dropout.js';
import { decode } from './model.js';
import { lossKindOf, type ModelConfig } from './model-config.js';
import { stepSquaredError } from './mse-loss.js';
import { param, type Params } from './params.js';
import { sequenceLayer } from './sequence-layer.js';
import { stopGradient } from './stop-gradient.js';

/** What `pool_st` pooling carries between steps: Σ of the top features and the step count. */
export interface PoolingCarry {
  /** [B, H] */
  featureSum: tf.Tensor;
  /** [B, 1] */
  counts: tf.Tensor;
}

/** Maps layer `layer`'s cell parameters (local names) and input u [B, H] to its new state. */
export type Transition = (layer: number, rec: Params, u: tf.Tensor) => tf.Tensor;

/** The result of {@link stepModel}. */
export interface ModelStep {
  /** Each layer's new state [B, k·N]. */
  states: tf.Tensor[];
  /** Each layer's input u [B, H] (after the pre-norm). */
  inputs: tf.Tensor[];
  /** The top layer's features before pooling [B, H]. */
  top: tf.Tensor;
  /** [B, multidim, classes] (the predictions [B, multidim, 1] with `loss: 'mse'`) */
  logProbs: tf.Tensor3D;
}

/**
 * One step on x [B, d_input]. With `pool_st` the features are the running mean of the top
 * features with a straight-through gradient, exactly as sequence mode computes them; `pooling`
 * must then carry the sums of the earlier steps. The `pool` mode cannot stream (it needs the whole
 * sequence), so it is an error here.
 */
export function stepModel(
  params: Params,
  config: ModelConfig,
  x: tf.Tensor2D,
  transition: Transition,
  dropoutMasks: DropoutMasks = [],
  pooling?: PoolingCarry,
): ModelStep {
  if (config.mode === 'pool') {
    throw new Error(
      "pooling mode 'pool' averages over the whole sequence, so it cannot run one step at a time: use 'pool_st' or 'none'",
    );
  }
  const states: tf.Tensor[] = [];
  const inputs: tf.Tensor[] = [];
  let h = dense(x, param(params, 'encoder.kernel'), param(params, 'encoder.bias'));
  for (let layer = 0; layer < config.nLayers; layer++) {
    h = sequenceLayer(
      params,
      config,
      layer,
      h,
      (rec, u) => transition(layer, rec, u),
      dropoutMasks[layer],
      (state, u) => {
        states[layer] = state;
        inputs[layer] = u;
      },
    );
  }
  let features = h;
  if (config.mode === 'pool_st') {
    if (pooling === undefined) throw new Error("stepModel: 'pool_st' needs the pooling carry");
    const runningMean = tf.div(tf.add(pooling.featureSum, h), tf.add(pooling.counts, 1));
    features = tf.add(h, stopGradient(tf.sub(runningMean, h)));
  }
  const logProbs = decode(params, config, features) as tf.Tensor3D;
  return { states, inputs, top: h, logProbs };
}

/**
 * The weighted loss of one step: Σ_b weight_b · mean over heads of −log p(y) (int32 labels
 * y [B, multidim]), or with `config.loss === 'mse'` Σ_b weight_b · mean over heads of
 * (prediction − y)² (float targets y [B, multidim], `logProbs` the predictions [B, multidim, 1]).
 *
 * @param config - the model's loss choice; absent = cross-entropy
 */
export function stepLoss(
  logProbs: tf.Tensor3D,
  y: tf.Tensor2D,
  weight: tf.Tensor1D,
  config: Pick<ModelConfig, 'loss'> = {},
): tf.Scalar {
  if (lossKindOf(config) === 'mse')
    return tf.sum(tf.mul(stepSquaredError(logProbs, y), weight)) as tf.Scalar;
  const classes = logProbs.shape[2];
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.cast(y, 'int32'), classes)), -1);
  return tf.sum(tf.mul(tf.neg(tf.mean(picked, -1)), weight)) as tf.Scalar;
}
