/**
 * A learner that forms each batch's gradient in one call, `computeGradientsAsync`: in sequence
 * execution (BPTT, or any other rule through its custom-gradient recurrence), for tbptt and rtrl
 * in either execution, or, where `OnlineLearner` cannot run (WebGPU has no synchronous reads), the
 * online rules in streaming execution; then one optimiser update. Values are read back
 * asynchronously, so every backend works.
 */
import { cloneTree, disposeTree, tf } from '@olrd/tensor';
import { countCorrectAsync, type ModelConfig, type Params } from '@olrd/core';
import type { ArrayBatch } from '@olrd/data';
import {
  computeGradientsAsync,
  type Batch,
  type Execution,
  type GradientOptions,
  type RuleName,
} from '@olrd/rules';
import {
  applyUpdates,
  batchToTensors,
  disposeBatch,
  type GradientTransformation,
  type OptState,
} from '@olrd/train';
import { alignmentSample } from './alignment.js';
import type { AlignmentSample } from '../protocol.js';
import { recurrenceView, type RecurrenceView } from './eigenvalues.js';
import type { Learner, LearnerOptions, StepOutcome } from './learner.js';
import { loadOptimizerState, saveOptimizerState } from './optimizer-state.js';

export class GradientLearner implements Learner {
  private constructor(
    readonly rule: RuleName,
    readonly execution: Execution,
    private readonly config: ModelConfig,
    private readonly optimizer: GradientTransformation,
    private params: Params,
    private state: OptState,
    private readonly ruleOptions: Pick<GradientOptions, 'truncation' | 'maxSensitivityBytes'>,
  ) {}

  /** Takes ownership of `options.params` (freed too when the optimiser state does not fit). */
  static create(options: LearnerOptions): GradientLearner {
    const { rule, config, optimizer, params, optimizerState } = options;
    // bptt has no streaming form here: it always backpropagates through the whole sequence.
    const execution = rule === 'bptt' ? 'sequence' : options.execution;
    let state: OptState;
    try {
      state = optimizerState
        ? loadOptimizerState(optimizerState, optimizer, params)
        : optimizer.init(params);
    } catch (error) {
      disposeTree(params);
      throw error;
    }
    return new GradientLearner(
      rule,
      execution,
      config,
      optimizer,
      params,
      state,
      options.ruleOptions ?? {},
    );
  }

  async learnBatch(arrays: ArrayBatch, align: boolean): Promise<StepOutcome> {
    const batch = batchToTensors(arrays);
    let grads: Params | undefined;
    let updates: Params | undefined;
    try {
      const started = performance.now();
      const result = await computeGradientsAsync(this.rule, this.params, this.config, batch, {
        ...this.ruleOptions,
        execution: this.execution,
      });
      grads = result.grads;
      const { correct, total } = await countCorrectAsync(result.logProbs, batch.y, batch.mask);
      result.logProbs.dispose();
      const [next, nextState] = this.optimizer.update(grads, this.state, this.params);
      updates = next;
      const seconds = (performance.now() - started) / 1000;
      const alignment = align ? await this.alignWithBptt(grads, batch) : undefined;
      const previous = { params: this.params, state: this.state };
      this.params = applyUpdates(previous.params, updates);
      this.state = nextState;
      disposeTree([previous.params, previous.state]);
      return { loss: result.loss, correct, total, seconds, ...(alignment ? { alignment } : {}) };
    } finally {
      disposeTree([grads, updates]);
      disposeBatch(batch);
    }
  }

  recurrence(): Promise<RecurrenceView> {
    return recurrenceView(this.params, this.config);
  }

  snapshot(): Params {
    const out: Params = {};
    for (const [name, tensor] of Object.entries(this.params)) out[name] = tf.clone(tensor);
    return out;
  }

  async optimizerState(): Promise<Uint8Array> {
    // Cloned before the first await: the next update disposes the current state.
    const state = cloneTree(this.state);
    try {
      return await saveOptimizerState(state);
    } finally {
      disposeTree(state);
    }
  }

  dispose(): void {
    disposeTree([this.params, this.state]);
  }

  /** BPTT's gradient at the current (pre-update) parameters on the same batch, compared. */
  private async alignWithBptt(grads: Params, batch: Batch): Promise<AlignmentSample> {
    if (this.rule === 'bptt') return alignmentSample(grads, grads);
    const reference = await computeGradientsAsync('bptt', this.params, this.config, batch);
    try {
      return await alignmentSample(grads, reference.grads);
    } finally {
      disposeTree(reference.grads);
      reference.logProbs.dispose();
    }
  }
}
