/**
 * `computeGradients`: the gradient a rule produces on one batch, in sequence or streaming
 * execution. This is what the training loop, `olrd grad` and the alignment analysis call.
 */
import { disposeMasks, drawDropoutMasks, type ModelConfig, type Params } from '@olrd/core';
import { tf } from '@olrd/tensor';
import { withoutSynthesisers, type SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import {
  sequenceGradients,
  streamingGradients,
  type Batch,
  type GradientResult,
  type PendingResult,
} from './executions.js';
import { requireSupport } from './names/check-support.js';
import type { Execution, RuleName } from './names/index.js';
import type { RuleBatch, RuleDefinition } from './rule-definition.js';
import { lookupRule } from './registry.js';

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
  rule: RuleName | (string & {}),
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
  rule: RuleName | (string & {}),
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

/** The gradient of `rule` on one batch with the loss still a tensor (owned by the caller). */
export function pendingGradients(
  rule: string,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  options: GradientOptions = {},
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
    const definition = lookupRule(rule);
    requireSupport(rule, config, execution);
    const input: RuleBatch = {
      execution,
      params,
      config,
      batch,
      masks,
      truncation,
      maxSensitivityBytes: options.maxSensitivityBytes,
      synthetic: options,
    };
    return formGradients(definition, input);
  } finally {
    disposeMasks(masks);
  }
}

/**
 * The gradient `definition` forms on `input` (support already checked): its own `gradients`, or
 * its sequence or streaming form run by the executions. A rule defined from another (a test's
 * frozen online_full) calls this with the other's record. Nothing passed in is disposed.
 */
export function formGradients(definition: RuleDefinition, input: RuleBatch): PendingResult {
  if (definition.gradients !== undefined) return definition.gradients(input);
  const { execution, params, config, batch, masks } = input;
  // The other rules leave the synthesisers (if the model has them) untouched: zero gradient.
  const model = withoutSynthesisers(params);
  const context = { ...input, params: model };
  if (execution === 'sequence' && definition.sequence !== undefined) {
    const recurrence = definition.sequence(context);
    const recurrenceOf = recurrence === 'exact' ? undefined : () => recurrence;
    return withZeroGradients(params, sequenceGradients(recurrenceOf, model, config, batch, masks));
  }
  if (definition.streaming === undefined)
    throw new Error(`rule '${definition.name}' has no streaming form`);
  const streaming = definition.streaming(context);
  return withZeroGradients(params, streamingGradients(streaming, model, config, batch, masks));
}

/** `grads` extended with zeros for every parameter of `params` it lacks, in `params`' order. */
function withZeroGradients(params: Params, result: PendingResult): PendingResult {
  const grads: Params = {};
  for (const [name, p] of Object.entries(params))
    grads[name] = result.grads[name] ?? tf.zerosLike(p);
  return { ...result, grads };
}
