/**
 * The two executions every rule runs in (spec 0): `sequence` (whole sequences at once through a
 * recurrence whose backward pass is the rule) and `streaming` (one step at a time through a
 * {@link StreamingRule}, memory flat in T). Both give the same gradient for every rule.
 */
import { tf } from '@olrd/tensor';
import {
  decode,
  encodeSequence,
  maskedLoss,
  poolFeatures,
  stepWeights,
  targetsPerStep,
  type ModelConfig,
  type Params,
  type Recurrence,
} from '@olrd/core';
import type { StreamingRule } from './cell-rules/streaming-rule.js';

/**
 * One batch: x [B, T, d_input] f32, y int32 [B] | [B, T] | [B, T, multidim] (class labels) or, for
 * a model with `loss: 'mse'`, f32 [B, multidim] | [B, T, multidim] (regression targets), mask
 * [B, T] f32.
 */
export interface Batch {
  x: tf.Tensor3D;
  y: tf.Tensor;
  mask: tf.Tensor2D;
}

/** The loss, the gradient of every parameter (same names) and the log-probabilities. */
export interface GradientResult {
  loss: number;
  grads: Params;
  /** [B, T, multidim, classes] ([B, 1, …] for `last`/`pool`). */
  logProbs: tf.Tensor4D;
}

/** A {@link GradientResult} whose loss is still a tensor (owned by the caller). */
export type PendingResult = Omit<GradientResult, 'loss'> & { loss: tf.Scalar };

/**
 * Sequence execution with a given recurrence per layer (undefined = the exact scan: BPTT);
 * exported for the rules' tests.
 */
export function sequenceGradients(
  recurrenceOf: ((layer: number) => Recurrence) | undefined,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  dropoutMasks: tf.Tensor2D[][],
): PendingResult {
  const names = Object.keys(params);
  let logProbs: tf.Tensor4D | undefined;
  const lossOf = (...tensors: tf.Tensor[]): tf.Scalar => {
    const current: Params = {};
    names.forEach((name, i) => (current[name] = tensors[i] as tf.Tensor));
    const features = encodeSequence(current, config, batch.x, {
      ...(recurrenceOf === undefined ? {} : { recurrenceOf }),
      dropoutMasks,
    });
    logProbs = tf.keep(decode(current, config, poolFeatures(features, config)) as tf.Tensor4D);
    return maskedLoss(logProbs, batch.y, batch.mask, config);
  };
  const { value, grads } = tf.tidy(() => {
    const result = tf.valueAndGrads(lossOf)(names.map((name) => params[name] as tf.Tensor));
    return { value: result.value, grads: result.grads };
  });
  const out: Params = {};
  names.forEach((name, i) => (out[name] = grads[i] as tf.Tensor));
  return { loss: value as tf.Scalar, grads: out, logProbs: logProbs as unknown as tf.Tensor4D };
}

/** Steps whose log-probabilities {@link streamingGradients} stacks into one tensor. */
const STACK_CHUNK = 256;

/** Streaming execution with a given engine (exported for the rules' tests). */
export function streamingGradients(
  rule: StreamingRule<unknown>,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  dropoutMasks: tf.Tensor2D[][],
): PendingResult {
  const [batchSize, time] = batch.x.shape;
  const multidim = config.multidim;
  // Per-step targets: the labels and the loss weights m_bt / (B·Σ_t m_bt) of spec 1 §3.3; in `last`
  // mode only the final step carries a loss, weighted 1/B.
  const labels = targetsPerStep(batch.y, batchSize, time, config);
  const weights = config.mode === 'last' ? null : stepWeights(batch.mask);
  let state = rule.init(params, config, batchSize);
  // Step outputs are stacked every STACK_CHUNK steps: a tensor costs kilobytes of bookkeeping
  // beyond its data, so keeping one per step would grow memory with T (70 MB at T = 16k).
  const stepLogProbs: tf.Tensor3D[] = [];
  const chunks: tf.Tensor4D[] = [];
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
      const { state: next, logProbs } = rule.step(
        state,
        params,
        config,
        x,
        target,
        dropoutMasks,
        last,
      );
      rule.dispose(state);
      state = next;
      tf.dispose([x, ...(target === null ? [] : [target.y, target.weight])]);
      if (config.mode === 'last' && !last) logProbs.dispose();
      else stepLogProbs.push(logProbs);
      if (stepLogProbs.length === STACK_CHUNK) {
        chunks.push(tf.stack(stepLogProbs, 1) as tf.Tensor4D);
        tf.dispose(stepLogProbs.splice(0));
      }
    }
    if (rule.finish !== undefined) {
      const finished = rule.finish(state, params, config, dropoutMasks);
      rule.dispose(state);
      state = finished;
    }
    const grads = rule.gradients(state, params);
    const loss = rule.loss(state);
    if (stepLogProbs.length > 0) chunks.push(tf.stack(stepLogProbs, 1) as tf.Tensor4D);
    const logProbs = chunks.length === 1 ? chunks.pop()! : (tf.concat(chunks, 1) as tf.Tensor4D);
    return { loss, grads, logProbs };
  } finally {
    rule.dispose(state);
    tf.dispose([labels, ...(weights === null ? [] : [weights]), ...stepLogProbs, ...chunks]);
  }
}
