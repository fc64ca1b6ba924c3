/**
 * The stacked model (spec 1 §3.2): encoder (dense d_input → H per step), n SequenceLayers,
 * pooling, decoder (dense H → classes·multidim) and log-softmax per output head; with
 * `loss: 'mse'` the decoder's raw outputs are the predictions (no log-softmax).
 */
import { tf } from '@olrd/tensor';
import { dense } from './dense.js';
import { gelu } from './gelu.js';
import type { DropoutMasks } from './dropout.js';
import { cellOf } from './cells/index.js';
import { lossKindOf, type ModelConfig } from './model-config.js';
import { param, type Params } from './params.js';
import { sequenceLayer, type Recurrence } from './sequence-layer.js';

/** Options of {@link forward} and {@link encodeSequence}. */
export interface ForwardOptions {
  /** The recurrence of each layer; defaults to the exact scan (autodiff = BPTT). */
  recurrenceOf?: (layerIndex: number) => Recurrence;
  /** Dropout masks from `drawDropoutMasks`; absent = dropout off. */
  dropoutMasks?: DropoutMasks;
}

/** Runs encoder and layers over x [B, T, d_input] → features [B, T, H]. */
export function encodeSequence(
  params: Params,
  config: ModelConfig,
  x: tf.Tensor3D,
  options: ForwardOptions = {},
): tf.Tensor3D {
  let h = dense(x, param(params, 'encoder.kernel'), param(params, 'encoder.bias'));
  const cell = cellOf(config.layerCls);
  const exactScan: Recurrence = (rec, u) => cell.scan(rec, u as tf.Tensor3D, config);
  for (let i = 0; i < config.nLayers; i++) {
    const recurrence = options.recurrenceOf?.(i) ?? exactScan;
    h = sequenceLayer(params, config, i, h, recurrence, options.dropoutMasks?.[i]);
  }
  return h as tf.Tensor3D;
}

/**
 * x̄_t = (1/(t+1))·Σ_{s≤t} x_s forward, identity backward (the straight-through `pool_st`).
 * As a custom gradient the cumulative sum never enters the tape (tfjs's Cumsum gradient is also
 * wrong for a non-last axis in 4.22).
 */
const runningMeanStraightThrough = tf.customGrad(((features: tf.Tensor3D) => {
  const time = features.shape[1];
  const counts = tf.reshape(tf.range(1, time + 1), [1, time, 1]);
  return { value: tf.div(tf.cumsum(features, 1), counts), gradFunc: (dy: tf.Tensor) => dy };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/**
 * Pools features [B, T, H] by `config.mode`: `none` keeps every step, `pool_st` is the causal
 * running mean with a straight-through (identity) backward, `last` keeps step T−1 and `pool` the
 * mean over time (the last two give T = 1).
 */
export function poolFeatures(features: tf.Tensor3D, config: ModelConfig): tf.Tensor3D {
  const time = features.shape[1];
  switch (config.mode) {
    case 'none':
      return features;
    case 'pool_st':
      return runningMeanStraightThrough(features) as tf.Tensor3D;
    case 'last':
      return tf.slice(features, [0, time - 1, 0], [-1, 1, -1]);
    case 'pool':
      return tf.mean(features, 1, true) as tf.Tensor3D;
    default:
      throw new Error(`unknown pooling mode ${String(config.mode satisfies never)}`);
  }
}

/**
 * The two-tower retrieval head's input: features of 2B sequences [2B, ...] → [B, ..., 4H] as
 * [u, v, u⊙v, u−v] → dense H → GELU (u: the first documents, v: the second).
 */
function retrievalFeatures(params: Params, features: tf.Tensor): tf.Tensor {
  const [u, v] = tf.split(features, 2, 0) as [tf.Tensor, tf.Tensor];
  const combined = tf.concat([u, v, tf.mul(u, v), tf.sub(u, v)], -1);
  return gelu(
    dense(combined, param(params, 'decoder.hidden.kernel'), param(params, 'decoder.hidden.bias')),
  );
}

/**
 * Decoder and log-softmax: features [..., H] → log-probabilities [..., multidim, classes]. With
 * `loss: 'mse'` (nClasses = 1) the raw outputs [..., multidim, 1] are returned instead: they are
 * the regression predictions. With the retrieval head the leading 2B rows become B pairs first.
 */
export function decode(params: Params, config: ModelConfig, features: tf.Tensor): tf.Tensor {
  if (config.retrieval === true && features.shape[0] % 2 !== 0) {
    throw new Error(
      `the retrieval head needs an even number of sequences (first documents, then second ones), got ${features.shape[0]}`,
    );
  }
  const head = config.retrieval === true ? retrievalFeatures(params, features) : features;
  const logits = dense(head, param(params, 'decoder.kernel'), param(params, 'decoder.bias'));
  const shaped = tf.reshape(logits, [...head.shape.slice(0, -1), config.multidim, config.nClasses]);
  // A log-softmax over one class would be 0 everywhere: a regression head is the raw output.
  return lossKindOf(config) === 'mse' ? shaped : tf.logSoftmax(shaped);
}

/**
 * The model's log-probabilities for x [B, T, d_input]: [B, T, multidim, classes] (T = 1 for the
 * `last` and `pool` modes; the predictions [B, T, multidim, 1] with `loss: 'mse'`). Dropout is
 * off unless masks are given.
 *
 * @example
 * ```ts
 * const logProbs = tf.tidy(() => forward(params, config, x));
 * ```
 */
export function forward(
  params: Params,
  config: ModelConfig,
  x: tf.Tensor3D,
  options: ForwardOptions = {},
): tf.Tensor4D {
  return tf.tidy(
    () =>
      decode(
        params,
        config,
        poolFeatures(encodeSequence(params, config, x, options), config),
      ) as tf.Tensor4D,
  );
}
