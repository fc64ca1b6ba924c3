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

/** The engine kinds a learner can ask for; `auto` picks the fused engine where it applies. */
export type EngineKind = 'auto' | 'fused' | 'tfjs';

/** A learner's engine and which kind it is. */
export interface CreatedEngine {
  kind: Exclude<EngineKind, 'auto'>;
  engine: StreamingEngine;
}

/**
 * A rule's maths. A rule gives either `gradients` (it forms the whole batch's gradient itself,
 * synthesisers included) or `sequence`/`streaming` (the executions build the gradient around
 * them, and a synthesiser, if the model has one, gets zero). A learner rule gives `streaming`
 * in any case: it is what the tensor engine runs (beside `gradients`, `computeGradients` keeps
 * using `gradients`).
 */
export interface RuleMaths {
  /**
   * Sequence execution: the recurrence whose backward pass is the rule, or `exact` for BPTT's
   * scan. Absent: sequence execution runs the streaming form (rtrl).
   */
  sequence?: (context: RuleContext) => Recurrence | 'exact';
  /** Streaming execution, and the `OnlineLearner`'s tensor engine: the rule one step at a time. */
  streaming?: (context: RuleContext) => StreamingRule<unknown>;
  /**
   * The prefix of the tensor engine's exported state names (default none: each tensor by its
   * path in the state tree). The BP(λ) rules' are under `state.`, as their checkpoints always were.
   */
  statePrefix?: string;
  /** The whole batch's gradient, in either execution (the synthetic-gradient rules). */
  gradients?: (input: RuleBatch) => PendingResult;
}

/** A rule's record: its facts and its maths. */
export type RuleDefinition = RuleFacts & RuleMaths;

/**
 * A rule's record, checked: `learner` rules have a streaming form (the tensor engine's), others a
 * way to form a gradient.
 */
export function defineRule(definition: RuleDefinition): RuleDefinition {
  if (definition.learner && definition.streaming === undefined)
    throw new Error(`rule '${definition.name}': a learner rule needs a streaming form`);
  if (
    definition.gradients === undefined &&
    definition.streaming === undefined &&
    definition.sequence === undefined
  )
    throw new Error(`rule '${definition.name}': give gradients, or a sequence or streaming form`);
  return definition;
}
