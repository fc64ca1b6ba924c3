/**
 * The synthetic-gradient rules' entry: checks (a synthesiser, γ/λ/s in range, the hybrid on the
 * LRU, no whole-sequence pooling), then BP(λ)'s sequence execution by the backward view
 * (bp-lambda-sequence.ts) or streaming execution by the traces (bp-lambda-streaming.ts; the
 * hybrid: hybrid-streaming.ts), or
 * `dni`'s chunks (dni-sequence.ts; streaming: tbptt-streaming.ts with boundary synthesisers).
 */
import { tf } from '@olrd/tensor';
import type { ModelConfig, Params } from '@olrd/core';
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import {
  sequenceGradients,
  streamingGradients,
  type Batch,
  type PendingResult,
} from '../executions.js';
import { requireSupport } from '../names/check-support.js';
import type { Execution, SyntheticGradientRuleName } from '../names/index.js';
import {
  bpLambdaRecurrence,
  disposeCaptures,
  layerRec,
  synthesiserGradients,
  type LayerCapture,
} from './bp-lambda-sequence.js';
import { bpLambdaStreamingRule } from './bp-lambda-streaming.js';
import { hybridStreamingRule } from './hybrid-streaming.js';
import {
  disposeBoundaries,
  dniRecurrence,
  dniSynthesiserGradients,
  type DniBoundary,
} from './dni-sequence.js';
import { tbpttStreamingRule } from '../cell-rules/tbptt-streaming.js';
import {
  requireSynthesiser,
  resolveSgOptions,
  withoutSynthesisers,
  type SyntheticGradientOptions,
} from './sg-options.js';

/**
 * The gradient of `rule` (`bp_lambda`, `online_full_bp_lambda`, `dni`), synthesisers included;
 * `truncation` is `dni`'s chunk length.
 */
export function syntheticGradients(
  rule: SyntheticGradientRuleName,
  execution: Execution,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  masks: tf.Tensor2D[][],
  options: SyntheticGradientOptions,
  truncation: number,
): PendingResult {
  requireSynthesiser(rule, config, params);
  const sg = resolveSgOptions(options, rule);
  if (rule === 'dni')
    return dniGradients(execution, params, config, batch, masks, sg.sgWeight, truncation);
  const hybrid = rule === 'online_full_bp_lambda';
  requireSupport(rule, config, execution);
  if (execution === 'streaming')
    return streamingGradients(sgStreamingRule(hybrid, sg), params, config, batch, masks);
  const holder: LayerCapture[] = [];
  try {
    const result = sequenceGradients(
      (layer) => bpLambdaRecurrence(hybrid, layer, params, config, sg, holder),
      withoutSynthesisers(params),
      config,
      batch,
      masks,
    );
    return withSynthesiserGradients(params, result, (layer) =>
      synthesiserGradients(holder[layer] as LayerCapture, layerRec(params, layer), config, sg),
    );
  } finally {
    disposeCaptures(holder);
  }
}

/**
 * The streaming form of `bp_lambda` (or, `hybrid`, of `online_full_bp_lambda`) with resolved
 * options: what streaming execution and the tensor engine run.
 */
export function sgStreamingRule(
  hybrid: boolean,
  sg: Required<SyntheticGradientOptions>,
): StreamingRule<unknown> {
  return (hybrid ? hybridStreamingRule(sg) : bpLambdaStreamingRule(sg)) as StreamingRule<unknown>;
}

/** `dni` with chunks of `truncation` steps, in either execution. */
function dniGradients(
  execution: Execution,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  masks: tf.Tensor2D[][],
  sgWeight: number,
  truncation: number,
): PendingResult {
  if (execution === 'streaming') {
    return streamingGradients(
      tbpttStreamingRule(truncation, { sgWeight }) as StreamingRule<unknown>,
      params,
      config,
      batch,
      masks,
    );
  }
  const holder: DniBoundary[][] = [];
  try {
    const result = sequenceGradients(
      (layer) => dniRecurrence(layer, params, config, truncation, sgWeight, holder),
      withoutSynthesisers(params),
      config,
      batch,
      masks,
    );
    return withSynthesiserGradients(params, result, (layer) =>
      dniSynthesiserGradients(
        holder[layer] ?? [],
        params[`layers.${layer}.synth.kernel`] as tf.Tensor,
      ),
    );
  } finally {
    disposeBoundaries(holder);
  }
}

/** The model's gradients with each layer's synthesiser gradient added, in `params`' order. */
function withSynthesiserGradients(
  params: Params,
  result: PendingResult,
  synthesiserOf: (layer: number) => { kernel: tf.Tensor; bias: tf.Tensor },
): PendingResult {
  const grads: Params = {};
  for (const name of Object.keys(params)) {
    const synth = /^layers\.(\d+)\.synth\.kernel$/.exec(name);
    if (synth === null) continue;
    const layer = Number(synth[1]);
    const { kernel, bias } = synthesiserOf(layer);
    grads[name] = kernel;
    grads[`layers.${layer}.synth.bias`] = bias;
  }
  const ordered: Params = {};
  for (const name of Object.keys(params))
    ordered[name] = (grads[name] ?? result.grads[name]) as tf.Tensor;
  return { ...result, grads: ordered };
}
