/**
 * The `OnlineLearner`'s data types: its options, what a step returns, its counters, and its whole
 * state as a plain tree ({@link LearnerState}), which `state()` gives and `fromState()` takes and
 * which checkpoints (learner-checkpoint.ts) serialise. Types only, so the learner and its
 * checkpoints share them without importing each other both ways.
 */
import type { ModelConfig, Params } from '@olrd/core';
import type {
  EngineArray,
  EngineKind,
  LearnerRuleName,
  SyntheticGradientOptions,
} from '@olrd/rules';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import type { OptState } from '../optim/tree.js';

/** Options of `OnlineLearner.create`. */
export interface OnlineLearnerOptions {
  /**
   * An online rule, or BP(λ) (`bp_lambda`, `online_full_bp_lambda`: the model needs
   * `synthesiser: true`, and the synthesisers learn with the same optimiser).
   */
  rule: LearnerRuleName;
  config: ModelConfig;
  /** Initial parameters (copied). */
  params: Params;
  /** Any of `@olrd/train`'s optimisers (`createOptimizer`, `adam`, `chain(…)`, …). */
  optimizer: GradientTransformation;
  /** Parallel streams; default 1. */
  batchSize?: number;
  /** Apply an update every k learning steps, or at `endSequence()` with `'sequence'` (default). */
  updateEvery?: number | 'sequence';
  /** `fused` (typed-array loops, no tfjs op per step; default where available) or `tfjs`. */
  engine?: EngineKind;
  /** γ, λ and s of the BP(λ) rules (saved in checkpoints); refused for the other rules. */
  synthetic?: SyntheticGradientOptions;
}

/** What one learning step returns. */
export interface LearnResult {
  /** Mean cross-entropy of this step over the elements with mask 1 (NaN if none). */
  loss: number;
  /** The prediction made before learning from this step: class per element and head [B, multidim]. */
  prediction: Int32Array;
  /** Correct predictions among masked elements and heads, and their number. */
  correct: number;
  total: number;
  /** Whether this step applied a parameter update. */
  updated: boolean;
}

/** Step and update counters (saved in checkpoints). */
export interface LearnerCounters {
  steps: number;
  updates: number;
  /** Learning steps with a loss since the last update (the update averages over them). */
  lossSteps: number;
  /** Learning steps since the last update. */
  stepsSinceUpdate: number;
}

/**
 * Everything a learner needs to resume at the very step it was taken, mid-sequence included: its
 * settings, parameters, optimiser state, the engine's recurrent states, traces and accumulators
 * (typed arrays at the engine's own precision), and the counters. A plain tree: the tensors are
 * the holder's (free them with `disposeTree(state)`), everything else is JSON-able or a typed array.
 */
export interface LearnerState {
  rule: LearnerRuleName;
  config: ModelConfig;
  batchSize: number;
  updateEvery: number | 'sequence';
  /** The engine that ran (`fused` or `tfjs`; `auto` is resolved). */
  engine: EngineKind;
  /** The BP(λ) options in force (empty for the other rules). */
  synthetic: SyntheticGradientOptions;
  params: Params;
  /** The optimiser's state tree, shaped like `optimizer.init(params)`. */
  optimizer: OptState;
  engineState: Record<string, EngineArray>;
  counters: LearnerCounters;
}
