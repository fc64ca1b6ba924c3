/**
 * `computeGradients`: the gradient a rule produces on one batch, in sequence or streaming
 * execution. This is what the training loop, `olrd grad` and the alignment analysis call.
 */
import { tf } from '@olrd/tensor';
import {
  decode,
  disposeMasks,
  drawDropoutMasks,
  encodeSequence,
  labelsPerStep,
  maskedLoss,
  poolFeatures,
  stepWeights,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import { onlineRecurrence } from './online-recurrence.js';
import {
  disposeOnlineState,
  initOnlineState,
  onlineGradients,
  stepOnline,
  type OnlineState,
} from './online-lru.js';
import type { Execution, RuleName } from './rule-names.js';

/** One batch: x [B, T, d_input] f32, y int32 [B] | [B, T] | [B, T, multidim], mask [B, T] f32. */
export interface Batch {
  x: tf.Tensor3D;
  y: tf.Tensor;
  mask: tf.Tensor2D;
}

/** Options of {@link computeGradients}. */
export interface GradientOptions {
  /** Default `sequence`. */
  execution?: Execution;
  /** Seed of this batch's dropout masks; undefined = dropout off. */
  dropoutSeed?: number;
}

/** The loss, the gradient of every parameter (same names) and the log-probabilities. */
export interface GradientResult {
  loss: number;
  grads: Params;
  /** [B, T, multidim, classes] ([B, 1, …] for `last`/`pool`). */
  logProbs: tf.Tensor4D;
}

/** A {@link GradientResult} whose loss is still a tensor (owned by the caller). */
type PendingResult = Omit<GradientResult, 'loss'> & { loss: tf.Scalar };

/**
 * The gradient that `rule` produces for `params` on `batch`. The caller owns (and disposes) the
 * returned `grads` and `logProbs`; nothing passed in is disposed.
 *
 * - `bptt`: exact autodiff through time (sequence execution only).
 * - `online_full`, `online_1truncated`, `online_spatial`: spec 1 §4.3, in either execution; both
 *   executions give the same gradient.
 *
 * @example
 * ```ts
 * const { loss, grads, logProbs } = computeGradients('online_full', params, config, { x, y, mask });
 * ```
 */
export function computeGradients(
  rule: RuleName,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  options: GradientOptions = {},
): GradientResult {
  const result = pendingGradients(rule, params, config, batch, options);
  const loss = result.loss.dataSync()[0] as number;
  result.loss.dispose();
  return { ...result, loss };
}

/**
 * {@link computeGradients} with the loss read back asynchronously, so it also runs on backends
 * without synchronous reads (webgpu in Node and in the browser).
 */
export async function computeGradientsAsync(
  rule: RuleName,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  options: GradientOptions = {},
): Promise<GradientResult> {
  const result = pendingGradients(rule, params, config, batch, options);
  const loss = (await result.loss.data())[0] as number;
  result.loss.dispose();
  return { ...result, loss };
}

function pendingGradients(
  rule: RuleName,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  options: GradientOptions,
): PendingResult {
  const execution = options.execution ?? 'sequence';
  const masks =
    options.dropoutSeed === undefined
      ? []
      : drawDropoutMasks(config, batch.x.shape[0], options.dropoutSeed);
  try {
    if (execution === 'sequence') return sequenceGradients(rule, params, config, batch, masks);
    if (rule === 'bptt') {
      throw new Error(
        "rule 'bptt' needs the whole sequence before it can form a gradient: use execution 'sequence' (--execution sequence)",
      );
    }
    return streamingGradients(rule, params, config, batch, masks);
  } finally {
    disposeMasks(masks);
  }
}

function sequenceGradients(
  rule: RuleName,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  dropoutMasks: tf.Tensor2D[][],
): PendingResult {
  if (rule !== 'bptt' && config.mode === 'pool') {
    throw new Error(
      "pooling mode 'pool' averages over the whole sequence, so no online rule can use it: use 'pool_st' or 'none'",
    );
  }
  const names = Object.keys(params);
  const recurrence = rule === 'bptt' ? undefined : onlineRecurrence(rule);
  let logProbs: tf.Tensor4D | undefined;
  const lossOf = (...tensors: tf.Tensor[]): tf.Scalar => {
    const current: Params = {};
    names.forEach((name, i) => (current[name] = tensors[i] as tf.Tensor));
    const features = encodeSequence(current, config, batch.x, {
      ...(recurrence === undefined ? {} : { recurrenceOf: () => recurrence }),
      dropoutMasks,
    });
    logProbs = tf.keep(decode(current, config, poolFeatures(features, config)) as tf.Tensor4D);
    return maskedLoss(logProbs, batch.y, batch.mask);
  };
  const { value, grads } = tf.tidy(() => {
    const result = tf.valueAndGrads(lossOf)(names.map((name) => params[name] as tf.Tensor));
    return { value: result.value, grads: result.grads };
  });
  const out: Params = {};
  names.forEach((name, i) => (out[name] = grads[i] as tf.Tensor));
  return { loss: value as tf.Scalar, grads: out, logProbs: logProbs as unknown as tf.Tensor4D };
}

function streamingGradients(
  rule: Exclude<RuleName, 'bptt'>,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  dropoutMasks: tf.Tensor2D[][],
): PendingResult {
  const [batchSize, time] = batch.x.shape;
  const multidim = config.multidim;
  // Per-step targets: the labels and the loss weights m_bt / (B·Σ_t m_bt) of spec 1 §3.3; in `last`
  // mode only the final step carries a loss, weighted 1/B.
  const labels = labelsPerStep(batch.y, batchSize, time, multidim);
  const weights = config.mode === 'last' ? null : stepWeights(batch.mask);
  let state: OnlineState = initOnlineState(rule, params, config, batchSize);
  const stepLogProbs: tf.Tensor3D[] = [];
  try {
    for (let t = 0; t < time; t++) {
      const x = tf.tidy(
        () => tf.reshape(tf.slice(batch.x, [0, t, 0], [-1, 1, -1]), [batchSize, -1]) as tf.Tensor2D,
      );
      const last = t === time - 1;
      const target =
        weights === null && !last
          ? null
          : tf.tidy(() => ({
              y: tf.reshape(tf.slice(labels, [0, t, 0], [-1, 1, -1]), [
                batchSize,
                multidim,
              ]) as tf.Tensor2D,
              weight: (weights === null
                ? tf.fill([batchSize], 1 / batchSize)
                : tf.reshape(tf.slice(weights, [0, t], [-1, 1]), [batchSize])) as tf.Tensor1D,
            }));
      const { state: next, logProbs } = stepOnline(state, params, config, x, target, dropoutMasks);
      disposeOnlineState(state);
      state = next;
      tf.dispose([x, ...(target === null ? [] : [target.y, target.weight])]);
      if (config.mode === 'last' && !last) logProbs.dispose();
      else stepLogProbs.push(logProbs);
    }
    const grads = onlineGradients(state, params);
    const loss = tf.clone(state.loss);
    const logProbs = tf.stack(stepLogProbs, 1) as tf.Tensor4D;
    return { loss, grads, logProbs };
  } finally {
    disposeOnlineState(state);
    tf.dispose([labels, ...(weights === null ? [] : [weights]), ...stepLogProbs]);
  }
}
