/**
 * The app's learners: each owns one rule's parameters and optimiser state and learns from one
 * batch of whole sequences at a time. The online rules (online_full, online_1truncated,
 * online_spatial, snap1) in streaming execution run on `OnlineLearner` from @olrd/train
 * (stream-learner.ts), the learner `olrd stream` uses, on every cell; `bptt`, `tbptt`, `rtrl` and
 * sequence execution form each batch's gradient with `computeGradientsAsync`
 * (gradient-learner.ts), as do streaming rules on WebGPU, where `OnlineLearner` cannot run (it
 * reads values synchronously). This module is the only entry the session needs.
 *
 * Ownership: `createLearner` takes ownership of `params`; `snapshot` returns fresh tensors the
 * caller disposes; `dispose` frees everything the learner holds.
 */
import { disposeTree } from '@olrd/tensor';
import type { ModelConfig, Params } from '@olrd/core';
import type { ArrayBatch } from '@olrd/data';
import {
  DEFAULT_MAX_SENSITIVITY_BYTES,
  isSyntheticGradientRule,
  type Execution,
  type GradientOptions,
  type RuleName,
} from '@olrd/rules';
import type { GradientTransformation } from '@olrd/train';
import type { AlignmentSample } from '../protocol.js';
import { isStreamRule } from '../lib/rule-choices.js';
import { memoryShapeOf, rtrlSensitivity } from '../lib/memory-estimate.js';
import type { RecurrenceView } from './eigenvalues.js';
import { GradientLearner } from './gradient-learner.js';
import { StreamLearner } from './stream-learner.js';

/** What learning one batch reports. */
export interface StepOutcome {
  /** The batch's loss before the update it causes (the sequence loss, `maskedLoss`). */
  loss: number;
  correct: number;
  total: number;
  /** Seconds of this learner's own gradient + update (alignment excluded). */
  seconds: number;
  alignment?: AlignmentSample;
}

/** One rule learning online. */
export interface Learner {
  readonly rule: RuleName;
  /** `streaming` (OnlineLearner) or `sequence` (whole-sequence gradients; bptt always). */
  readonly execution: Execution;
  /**
   * Learns from one batch: the rule's gradient, then one optimiser update. With `align`, also
   * computes BPTT's gradient at the same (pre-update) parameters on the same batch and compares.
   */
  learnBatch(batch: ArrayBatch, align: boolean): Promise<StepOutcome>;
  /** The recurrence view's figures (LRU eigenvalues, RNN spectral radii). */
  recurrence(): Promise<RecurrenceView>;
  /** Fresh copies of the current parameters (the caller disposes them). */
  snapshot(): Params;
  /**
   * The optimiser state as bytes (optimizer-state.ts), for checkpoints. Taken synchronously,
   * before the first await, so an update that runs meanwhile cannot change it.
   */
  optimizerState(): Promise<Uint8Array>;
  dispose(): void;
}

/** Everything a learner is made of. */
export interface LearnerOptions {
  rule: RuleName;
  /** Requested execution; bptt always runs in sequence execution. */
  execution: Execution;
  /** tbptt's truncation and rtrl's memory bound (the other rules ignore them). */
  ruleOptions?: Pick<GradientOptions, 'truncation' | 'maxSensitivityBytes'>;
  config: ModelConfig;
  optimizer: GradientTransformation;
  /** Initial parameters (ownership passes to the learner). */
  params: Params;
  /** Optimiser state to resume (bytes from a checkpoint); fresh when absent. */
  optimizerState?: Uint8Array;
  /** Sequences per batch (streaming learners are built for one batch size). */
  batchSize: number;
  /** Streaming only: update every k steps instead of once per batch (the drifting stream). */
  updateEvery?: number | 'sequence';
  /** Whether the backend reads values synchronously (not webgpu): OnlineLearner needs it. */
  synchronousReads: boolean;
}

/**
 * The learner for `options.rule` in its execution.
 *
 * @throws CheckpointError when `optimizerState` does not fit the optimiser (params are freed).
 */
export function createLearner(options: LearnerOptions): Learner {
  const { rule, execution } = options;
  if (rule === 'rtrl') checkRtrlMemory(options);
  // OnlineLearner runs the online rules on every cell; everything else forms whole-batch gradients.
  // BP(λ) too: its synthesiser regresses on gradients of the loss as weighted, and BatchSteps'
  // per-step weights (the sequence loss's times L, undone by the update's mean) would rescale them.
  if (
    execution === 'streaming' &&
    isStreamRule(rule) &&
    !isSyntheticGradientRule(rule) &&
    options.synchronousReads
  )
    return StreamLearner.create({ ...options, rule });
  return GradientLearner.create(options);
}

/**
 * Refuses an rtrl learner whose sensitivities would exceed the page's bound, before the run
 * starts and in the page's words (@olrd/rules refuses it too, at the first step, with the same
 * sizes; the estimate is tested against that message). Frees `options.params` when it refuses.
 */
function checkRtrlMemory(options: LearnerOptions): void {
  const bound = options.ruleOptions?.maxSensitivityBytes ?? DEFAULT_MAX_SENSITIVITY_BYTES;
  const shape = memoryShapeOf(options.config, options.batchSize, 1);
  const { states, params, floats } = rtrlSensitivity(shape);
  if (4 * floats <= bound) return;
  disposeTree(options.params);
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  throw new RangeError(
    `rtrl would keep ${mib(4 * floats)} MiB of sensitivities (batch ${options.batchSize} × ` +
      `${states} state entries × ${params} parameters × 4 bytes), over the ${mib(bound)} MiB ` +
      `of "rtrl: memory bound": choose a smaller model or batch (e.g. 1 layer, H = N = 8, ` +
      `batch 4), raise the bound, or use snap1${options.config.layerCls === 'LRU' ? ' or online_full' : ''}`,
  );
}
