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
  maskedLoss,
  poolFeatures,
  stepWeights,
  targetsPerStep,
  type ModelConfig,
  type Params,
  type Recurrence,
} from '@olrd/core';
import { cellRecurrence } from './cell-rules/cell-recurrence.js';
import { cellStreamingRule } from './cell-rules/cell-streaming.js';
import { lruStreamingRule } from './cell-rules/lru-streaming.js';
import { rtrlStreamingRule } from './cell-rules/rtrl.js';
import type { StreamingRule } from './cell-rules/streaming-rule.js';
import { tbpttStreamingRule } from './cell-rules/tbptt-streaming.js';
import { onlineRecurrence } from './online-recurrence.js';
import type { Execution, LruOnlineRuleName, RuleName } from './rule-names.js';

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

/** Options of {@link computeGradients}. */
export interface GradientOptions {
  /** Default `sequence`. */
  execution?: Execution;
  /** Seed of this batch's dropout masks; undefined = dropout off. */
  dropoutSeed?: number;
  /** `tbptt`'s chunk length in steps (≥ 1); default {@link DEFAULT_TRUNCATION}. */
  truncation?: number;
  /** `rtrl`'s bound on its sensitivity matrices; default 256 MiB. */
  maxSensitivityBytes?: number;
}

/** `tbptt`'s default chunk length. */
export const DEFAULT_TRUNCATION = 10;

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
 * - every other rule (see {@link RuleName}) runs in either execution, and both executions give the
 *   same gradient. `online_full` needs a diagonal recurrence (the LRU); `snap1` on the LRU is
 *   `online_full`; `rtrl` runs its forward recursion in both executions.
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
    const truncation = options.truncation ?? DEFAULT_TRUNCATION;
    if (!Number.isInteger(truncation) || truncation < 1)
      throw new RangeError(`tbptt: truncation must be an integer ≥ 1, got ${truncation}`);
    if (rule === 'online_full' && config.layerCls !== 'LRU') {
      throw new Error(
        `rule 'online_full' needs a diagonal recurrence (the LRU); for ${config.layerCls} use 'snap1' (its diagonal approximation) or 'rtrl' (exact)`,
      );
    }
    if (execution === 'streaming' && config.retrieval === true) {
      throw new Error(
        "the retrieval head pairs two whole documents (2B sequences), so it runs in execution 'sequence' (--execution sequence)",
      );
    }
    if (execution === 'sequence' && rule !== 'rtrl') {
      return sequenceGradients(
        sequenceRecurrence(rule, config, truncation),
        params,
        config,
        batch,
        masks,
      );
    }
    if (rule === 'bptt') {
      throw new Error(
        "rule 'bptt' needs the whole sequence before it can form a gradient: use execution 'sequence' (--execution sequence), or 'tbptt' to stream in chunks",
      );
    }
    return streamingGradients(
      streamingRule(rule, config, truncation, options.maxSensitivityBytes),
      params,
      config,
      batch,
      masks,
    );
  } finally {
    disposeMasks(masks);
  }
}

/** The LRU's own online rule for `rule` (snap1 is online_full on a diagonal recurrence). */
function lruRuleFor(rule: RuleName, config: ModelConfig): LruOnlineRuleName | undefined {
  if (config.layerCls !== 'LRU') return undefined;
  if (rule === 'snap1') return 'online_full';
  return rule === 'online_full' || rule === 'online_1truncated' || rule === 'online_spatial'
    ? rule
    : undefined;
}

/** Sequence execution: the recurrence whose backward pass is `rule` (undefined = exact, BPTT). */
function sequenceRecurrence(
  rule: Exclude<RuleName, 'rtrl'>,
  config: ModelConfig,
  truncation: number,
): Recurrence | undefined {
  if (rule === 'bptt') return undefined;
  if (rule !== 'tbptt' && config.mode === 'pool') {
    throw new Error(
      "pooling mode 'pool' averages over the whole sequence, so no online rule can use it: use 'pool_st' or 'none'",
    );
  }
  const lruRule = lruRuleFor(rule, config);
  if (lruRule !== undefined) return onlineRecurrence(lruRule);
  return cellRecurrence(rule as Exclude<typeof rule, 'online_full'>, config, truncation);
}

/** Streaming execution: the engine of `rule`. */
function streamingRule(
  rule: Exclude<RuleName, 'bptt'>,
  config: ModelConfig,
  truncation: number,
  maxSensitivityBytes: number | undefined,
): StreamingRule<unknown> {
  if (config.mode === 'pool') {
    throw new Error(
      "pooling mode 'pool' averages over the whole sequence, so it cannot stream: use 'pool_st' or 'none'",
    );
  }
  const lruRule = lruRuleFor(rule, config);
  const engine =
    lruRule !== undefined
      ? lruStreamingRule(lruRule)
      : rule === 'tbptt'
        ? tbpttStreamingRule(truncation)
        : rule === 'rtrl'
          ? rtrlStreamingRule(maxSensitivityBytes)
          : cellStreamingRule(rule as Exclude<typeof rule, 'online_full' | 'tbptt' | 'rtrl'>);
  return engine as StreamingRule<unknown>;
}

/** Sequence execution with a given recurrence (exported for the rules' tests). */
export function sequenceGradients(
  recurrence: Recurrence | undefined,
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
      ...(recurrence === undefined ? {} : { recurrenceOf: () => recurrence }),
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
      const { state: next, logProbs } = rule.step(state, params, config, x, target, dropoutMasks);
      rule.dispose(state);
      state = next;
      tf.dispose([x, ...(target === null ? [] : [target.y, target.weight])]);
      if (config.mode === 'last' && !last) logProbs.dispose();
      else stepLogProbs.push(logProbs);
    }
    if (rule.finish !== undefined) {
      const finished = rule.finish(state, params, config, dropoutMasks);
      rule.dispose(state);
      state = finished;
    }
    const grads = rule.gradients(state, params);
    const loss = rule.loss(state);
    const logProbs = tf.stack(stepLogProbs, 1) as tf.Tensor4D;
    return { loss, grads, logProbs };
  } finally {
    rule.dispose(state);
    tf.dispose([labels, ...(weights === null ? [] : [weights]), ...stepLogProbs]);
  }
}
