/**
 * A streaming learner: `OnlineLearner` from @olrd/train (the learner of `olrd stream`), fed one
 * time step at a time; the traces are its only memory of the past. The LRU runs on its fused
 * engine, the RNN, GRU and LSTM on the tensor (tfjs) engine (OnlineLearner's `auto`). On batches of whole sequences
 * it updates once per batch (`updateEvery: 'sequence'`) with the sequence loss's gradient (the
 * weights of batch-steps.ts); on the drifting stream it learns step by step and updates every k.
 */
import { disposeTree, tf } from '@olrd/tensor';
import type { ModelConfig, Params } from '@olrd/core';
import type { ArrayBatch, StreamStep } from '@olrd/data';
import {
  computeGradientsAsync,
  type LearnerRuleName,
  type SyntheticGradientOptions,
} from '@olrd/rules';
import {
  OnlineLearner,
  batchToTensors,
  disposeBatch,
  type GradientTransformation,
  type OptState,
  type PrequentialMeter,
} from '@olrd/train';
import { alignmentSample } from './alignment.js';
import type { AlignmentSample } from '../protocol.js';
import { BatchSteps } from './batch-steps.js';
import { recurrenceView, type RecurrenceView } from './eigenvalues.js';
import type { Learner, LearnerOptions, StepOutcome } from './learner.js';
import { loadOptimizerState, saveOptimizerState } from './optimizer-state.js';

/**
 * Passes updates through to the real optimiser and, when asked, keeps a copy of the gradient the
 * learner applied: `OnlineLearner` consumes its accumulated gradient inside the update, and the
 * alignment view compares exactly that gradient with BPTT's.
 */
class GradientRecorder implements GradientTransformation {
  capture = false;
  private captured: Params | undefined;

  constructor(private readonly inner: GradientTransformation) {}

  init(params: Params): OptState {
    return this.inner.init(params);
  }

  update(grads: Params, state: OptState, params?: Params): [Params, OptState] {
    if (this.capture) {
      disposeTree(this.captured);
      this.captured = Object.fromEntries(
        Object.entries(grads).map(([name, grad]) => [name, tf.clone(grad)]),
      );
    }
    return this.inner.update(grads, state, params);
  }

  /** The last captured gradient (the caller owns it), if any. */
  take(): Params | undefined {
    const captured = this.captured;
    this.captured = undefined;
    return captured;
  }
}

export class StreamLearner implements Learner {
  readonly execution = 'streaming' as const;

  private constructor(
    readonly rule: LearnerRuleName,
    private readonly config: ModelConfig,
    private readonly learner: OnlineLearner,
    private readonly recorder: GradientRecorder,
  ) {}

  /** Frees `options.params` (the OnlineLearner keeps copies), also when creation fails. */
  static create(
    options: Omit<LearnerOptions, 'synchronousReads'> & {
      rule: LearnerRuleName;
      /** BP(λ)'s γ, λ, s (the BP(λ) rules only). */
      synthetic?: SyntheticGradientOptions;
    },
  ): StreamLearner {
    const recorder = new GradientRecorder(options.optimizer);
    let learner: OnlineLearner | undefined;
    try {
      learner = OnlineLearner.create({
        rule: options.rule,
        config: options.config,
        params: options.params,
        optimizer: recorder,
        batchSize: options.batchSize,
        updateEvery: options.updateEvery ?? 'sequence',
        ...(options.synthetic ? { synthetic: options.synthetic } : {}),
      });
      if (options.optimizerState) {
        // The fresh learner's state with the given optimiser state in place of Adam's zeros.
        const state = learner.state();
        try {
          disposeTree(state.optimizer);
          state.optimizer = loadOptimizerState(options.optimizerState, recorder, state.params);
          const resumed = OnlineLearner.fromState(state, recorder);
          learner.dispose();
          learner = resumed;
        } finally {
          disposeTree(state);
        }
      }
    } catch (error) {
      learner?.dispose();
      throw error;
    } finally {
      disposeTree(options.params);
    }
    return new StreamLearner(options.rule, options.config, learner, recorder);
  }

  async learnBatch(batch: ArrayBatch, align: boolean): Promise<StepOutcome> {
    const steps = new BatchSteps(batch, this.config);
    if (steps.batchSize !== this.learner.batchSize) {
      throw new RangeError(
        `a batch of ${steps.batchSize} sequences for a learner of ${this.learner.batchSize}`,
      );
    }
    // For the alignment: the parameters this batch's gradient is taken at, before its update.
    const before = align ? this.learner.params() : undefined;
    try {
      const started = performance.now();
      this.recorder.capture = align;
      try {
        for (let t = 0; t < steps.time; t++) {
          const y = steps.y(t);
          const weights = steps.weights(t);
          const last = { last: t === steps.time - 1 };
          steps.record(t, this.learner.learnOne(steps.x(t), y, weights, last), y, weights);
        }
        this.learner.endSequence(); // applies the batch's update, starts fresh sequences
      } finally {
        this.recorder.capture = false;
      }
      const seconds = (performance.now() - started) / 1000;
      const outcome = { loss: steps.loss, correct: steps.correct, total: steps.total, seconds };
      return before ? { ...outcome, alignment: await this.alignWithBptt(before, batch) } : outcome;
    } finally {
      disposeTree(before);
    }
  }

  /** The applied gradient (captured by the recorder) compared with BPTT's at `params`. */
  private async alignWithBptt(params: Params, batch: ArrayBatch): Promise<AlignmentSample> {
    const grads = this.recorder.take();
    const tensors = batchToTensors(batch);
    try {
      if (!grads) throw new Error('the learner applied no update on this batch');
      const reference = await computeGradientsAsync('bptt', params, this.config, tensors);
      try {
        return await alignmentSample(grads, reference.grads);
      } finally {
        disposeTree(reference.grads);
        reference.logProbs.dispose();
      }
    } finally {
      disposeTree(grads);
      disposeBatch(tensors);
    }
  }

  /**
   * Test-then-train on consecutive steps of a stream: each is predicted, scored into `meter`, then
   * learnt from; updates follow the learner's `updateEvery`. Returns the seconds it took.
   */
  learnSteps(steps: readonly StreamStep[], meter: PrequentialMeter): number {
    const started = performance.now();
    for (const step of steps) {
      const result = this.learner.learnOne(step.x, step.y, step.mask);
      meter.record(result.loss, result.correct, result.total);
      if (step.endOfSequence) this.learner.endSequence();
    }
    return (performance.now() - started) / 1000;
  }

  async recurrence(): Promise<RecurrenceView> {
    const params = this.learner.params();
    try {
      return await recurrenceView(params, this.config);
    } finally {
      disposeTree(params);
    }
  }

  snapshot(): Params {
    return this.learner.params();
  }

  async optimizerState(): Promise<Uint8Array> {
    const state = this.learner.state();
    try {
      return await saveOptimizerState(state.optimizer);
    } finally {
      disposeTree(state);
    }
  }

  dispose(): void {
    this.learner.dispose();
    disposeTree(this.recorder.take());
  }
}
