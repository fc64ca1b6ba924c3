/**
 * `computeGradients`: the gradient a rule produces on one batch, in sequence or streaming
 * execution. This is what the training loop, `olrd grad` and the alignment analysis call.
 */
import {
  disposeMasks,
  drawDropoutMasks,
  type ModelConfig,
  type Params,
  type Recurrence,
} from '@olrd/core';
import { tf } from '@olrd/tensor';
import { syntheticGradients } from './bp-lambda/bp-lambda-gradients.js';
import { withoutSynthesisers, type SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import { cellRecurrence } from './cell-rules/cell-recurrence.js';
import { cellStreamingRule } from './cell-rules/cell-streaming.js';
import { lruStreamingRule } from './cell-rules/lru-streaming.js';
import { rtrlStreamingRule } from './cell-rules/rtrl.js';
import type { StreamingRule } from './cell-rules/streaming-rule.js';
import { tbpttStreamingRule } from './cell-rules/tbptt-streaming.js';
import {
  sequenceGradients,
  streamingGradients,
  type Batch,
  type GradientResult,
  type PendingResult,
} from './executions.js';
import { onlineRecurrence } from './online-recurrence.js';
import { ruleConfigProblem } from './rule-config-problem.js';
import {
  isSyntheticGradientRule,
  type Execution,
  type LruOnlineRuleName,
  type RuleName,
  type SyntheticGradientRuleName,
} from './rule-names.js';

export type { Batch, GradientResult } from './executions.js';
export { sequenceGradients, streamingGradients } from './executions.js';

/** Options of {@link computeGradients} (γ, λ and s are BP(λ)'s, spec 2 §9). */
export interface GradientOptions extends SyntheticGradientOptions {
  /** Default `sequence`. */
  execution?: Execution;
  /** Seed of this batch's dropout masks; undefined = dropout off. */
  dropoutSeed?: number;
  /** `tbptt`'s and `dni`'s chunk length in steps (≥ 1); default {@link DEFAULT_TRUNCATION}. */
  truncation?: number;
  /** `rtrl`'s bound on its sensitivity matrices; default 256 MiB. */
  maxSensitivityBytes?: number;
}

/** `tbptt`'s default chunk length. */
export const DEFAULT_TRUNCATION = 10;

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
    const problem = ruleConfigProblem(rule, execution, config);
    if (problem !== undefined) throw new Error(problem);
    if (isSyntheticGradientRule(rule))
      return syntheticGradients(rule, execution, params, config, batch, masks, options, truncation);
    // The other rules leave the synthesisers (if the model has them) untouched: zero gradient.
    const model = withoutSynthesisers(params);
    return withZeroGradients(
      params,
      otherRuleGradients(rule, execution, model, config, batch, masks, options, truncation),
    );
  } finally {
    disposeMasks(masks);
  }
}

/** `grads` extended with zeros for every parameter of `params` it lacks, in `params`' order. */
function withZeroGradients(params: Params, result: PendingResult): PendingResult {
  const grads: Params = {};
  for (const [name, p] of Object.entries(params))
    grads[name] = result.grads[name] ?? tf.zerosLike(p);
  return { ...result, grads };
}

function otherRuleGradients(
  rule: Exclude<RuleName, SyntheticGradientRuleName>,
  execution: Execution,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  masks: tf.Tensor2D[][],
  options: GradientOptions,
  truncation: number,
): PendingResult {
  if (execution === 'sequence' && rule !== 'rtrl') {
    const recurrence = sequenceRecurrence(rule, config, truncation);
    return sequenceGradients(
      recurrence === undefined ? undefined : () => recurrence,
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
  rule: Exclude<RuleName, 'rtrl' | SyntheticGradientRuleName>,
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
  rule: Exclude<RuleName, 'bptt' | SyntheticGradientRuleName>,
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
