/**
 * What a rule's record holds: its facts (names/, no tensors) and its maths (the sequence and
 * streaming forms, or a whole-batch gradient, and the learner's engine). `defineRule` checks one.
 */
import type { ModelConfig, Params, Recurrence } from '@olrd/core';
import type { tf } from '@olrd/tensor';
import type { SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import type { StreamingRule } from './cell-rules/streaming-rule.js';
import type { Batch, PendingResult } from './executions.js';
import type { Execution, RuleFacts } from './names/rule-facts.js';
import type { StreamingEngine } from './streaming-engine.js';

/** What a rule's forms are built from: the model and the options of `computeGradients`. */
export interface RuleContext {
  config: ModelConfig;
  /** tbptt's and dni's chunk length (validated ≥ 1). */
  truncation: number;
  maxSensitivityBytes: number | undefined;
  synthetic: SyntheticGradientOptions;
}

/** One batch's inputs to a rule that forms its whole gradient itself ({@link RuleMaths.gradients}). */
export interface RuleBatch extends RuleContext {
  execution: Execution;
  params: Params;
  batch: Batch;
  /** Dropout masks per layer (empty: dropout off). */
  masks: tf.Tensor2D[][];
}

/** The engine kinds a learner can ask for; `auto` picks the rule's fastest. */
export type EngineKind = 'auto' | 'fused' | 'tfjs';

/** A learner's engine and which kind it is. */
export interface CreatedEngine {
  kind: Exclude<EngineKind, 'auto'>;
  engine: StreamingEngine;
}

/** The arguments of {@link RuleMaths.engine}. */
export interface EngineRequest {
  kind: EngineKind;
  params: Record<string, Float32Array>;
  config: ModelConfig;
  batchSize: number;
  synthetic: SyntheticGradientOptions;
}

/**
 * A rule's maths. A rule gives either `gradients` (it forms the whole batch's gradient itself,
 * synthesisers included) or `sequence`/`streaming` (the executions build the gradient around
 * them, and a synthesiser, if the model has one, gets zero).
 */
export interface RuleMaths {
  /**
   * Sequence execution: the recurrence whose backward pass is the rule, or `exact` for BPTT's
   * scan. Absent: sequence execution runs the streaming form (rtrl).
   */
  sequence?: (context: RuleContext) => Recurrence | 'exact';
  /** Streaming execution: the rule one step at a time. */
  streaming?: (context: RuleContext) => StreamingRule<unknown>;
  /** The whole batch's gradient, in either execution (the synthetic-gradient rules). */
  gradients?: (input: RuleBatch) => PendingResult;
  /** The `OnlineLearner`'s engine (rules with `learner: true`). */
  engine?: (request: EngineRequest) => CreatedEngine;
}

/** A rule's record: its facts and its maths. */
export type RuleDefinition = RuleFacts & RuleMaths;

/** A rule's record, checked: `learner` rules have an engine, others a way to form a gradient. */
export function defineRule(definition: RuleDefinition): RuleDefinition {
  if (definition.learner && definition.engine === undefined)
    throw new Error(`rule '${definition.name}': a learner rule needs an engine`);
  if (
    definition.gradients === undefined &&
    definition.streaming === undefined &&
    definition.sequence === undefined
  )
    throw new Error(`rule '${definition.name}': give gradients, or a sequence or streaming form`);
  return definition;
}
