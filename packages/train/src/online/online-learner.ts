/**
 * `OnlineLearner`: a recurrent model that learns while the stream goes by. It holds the
 * parameters, the rule's streaming engine (recurrent state, traces, gradient accumulators; from
 * `createEngine` of `@olrd/rules`) and one of train's optimisers, and applies updates every
 * `updateEvery` steps or at the end of each sequence. Memory does not depend on the length of the
 * stream; batch 1 is a first-class case.
 *
 * Ownership: the learner copies the parameters (and, in `fromState`, the state) it is given and
 * owns its copies; `params()` and `state()` return fresh tensors for the caller. Call `dispose()`
 * when done. Checkpoints (learner-checkpoint.ts) are written on `state()` / `fromState()`.
 */
import { disposeTree, flattenTree, tf } from '@olrd/tensor';
import { paramShapes, validateModelConfig, type ModelConfig, type Params } from '@olrd/core';
import {
  createEngine,
  learnerSgOptions,
  requireSupport,
  type EngineKind,
  type LearnerRuleName,
  type StreamingEngine,
  type SyntheticGradientOptions,
} from '@olrd/rules';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import type { OptState } from '../optim/tree.js';
import { argmaxHeads, arraysOf, countCorrect, stepInput, stepLabels } from './learner-steps.js';
import { learnerModel, type LearnerModel } from './learner-model.js';
import type {
  LearnResult,
  LearnerCounters,
  LearnerState,
  OnlineLearnerOptions,
} from './learner-state.js';

/** Paths and shapes of a state tree's leaves, to check a given state against `init`'s. */
function leafLayout(tree: OptState): string[] {
  return flattenTree(tree).map(
    ([path, leaf]) =>
      `${path} ${typeof leaf === 'number' ? 'number' : `[${leaf.shape.join(', ')}]`}`,
  );
}

export class OnlineLearner {
  /** The parameters and optimiser state (owned), as arrays when the optimiser has that form. */
  private readonly model: LearnerModel;
  readonly counters: LearnerCounters = { steps: 0, updates: 0, lossSteps: 0, stepsSinceUpdate: 0 };

  private constructor(
    readonly rule: LearnerRuleName,
    readonly config: ModelConfig,
    readonly batchSize: number,
    readonly updateEvery: number | 'sequence',
    readonly engineKind: Exclude<EngineKind, 'auto'>,
    optimizer: GradientTransformation,
    params: Params,
    private readonly engine: StreamingEngine,
    /** The BP(λ) options in force (empty for the other rules). */
    readonly synthetic: Readonly<SyntheticGradientOptions>,
  ) {
    this.model = learnerModel(optimizer, params);
  }

  /**
   * Creates a learner. Throws a `RangeError` naming a bad option.
   *
   * @example
   * ```ts
   * import { OnlineLearner, adam } from '@olrd/train';
   * const learner = OnlineLearner.create({ rule: 'online_full', config, params, optimizer: adam(1e-3), updateEvery: 1 });
   * const { loss, prediction } = learner.learnOne(x, y);
   * ```
   */
  static create(options: OnlineLearnerOptions): OnlineLearner {
    const config = validateModelConfig(options.config);
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const updateEvery = options.updateEvery ?? 'sequence';
    if (updateEvery !== 'sequence' && !(Number.isInteger(updateEvery) && updateEvery >= 1)) {
      throw new RangeError(
        `updateEvery must be a positive integer or 'sequence', got ${String(updateEvery)}`,
      );
    }
    requireSupport(
      options.rule,
      {
        layerCls: config.layerCls,
        mode: config.mode,
        retrieval: config.retrieval,
        loss: config.loss,
      },
      'streaming',
    );
    const synthetic = learnerSgOptions(options.rule, options.synthetic);
    const shapes = paramShapes(config);
    const params: Params = {};
    for (const [name, shape] of Object.entries(shapes)) {
      const tensor = options.params[name];
      if (tensor === undefined)
        throw new RangeError(`params: missing '${name}' ${JSON.stringify(shape)}`);
      if (tensor.shape.join(',') !== shape.join(',')) {
        throw new RangeError(
          `params: '${name}' has shape [${tensor.shape.join(', ')}], the model needs [${shape.join(', ')}]`,
        );
      }
      params[name] = tf.clone(tensor);
    }
    let engine: ReturnType<typeof createEngine>;
    try {
      engine = createEngine(
        options.engine ?? 'auto',
        options.rule,
        arraysOf(params),
        config,
        batchSize,
        synthetic,
      );
    } catch (error) {
      tf.dispose(Object.values(params));
      throw error;
    }
    return new OnlineLearner(
      options.rule,
      config,
      batchSize,
      updateEvery,
      engine.kind,
      options.optimizer,
      params,
      engine.engine,
      synthetic,
    );
  }

  /**
   * A learner that continues from {@link OnlineLearner.state}'s data exactly where it was taken
   * (mid-sequence included). `optimizer` must be built like the one that made the state; `engine`
   * overrides the saved engine kind. The state is copied: it stays the caller's.
   *
   * @throws RangeError naming an optimiser-state leaf that does not fit `optimizer`, or what
   *   `create` refuses; nothing leaks then.
   */
  static fromState(
    state: LearnerState,
    optimizer: GradientTransformation,
    options: { engine?: EngineKind } = {},
  ): OnlineLearner {
    const learner = OnlineLearner.create({
      rule: state.rule,
      config: state.config,
      params: state.params,
      optimizer,
      batchSize: state.batchSize,
      updateEvery: state.updateEvery,
      engine: options.engine ?? state.engine,
      // Only the BP(λ) rules take options; the others refuse even an empty record.
      ...(Object.keys(state.synthetic).length > 0 ? { synthetic: state.synthetic } : {}),
    });
    try {
      const initial = learner.model.optimizerState();
      const expected = leafLayout(initial);
      disposeTree(initial);
      const given = leafLayout(state.optimizer);
      const misfit = expected.findIndex((leaf, i) => leaf !== given[i]);
      if (misfit >= 0 || given.length !== expected.length) {
        const at = misfit >= 0 ? misfit : expected.length;
        throw new RangeError(
          `optimiser state: leaf ${given[at] ?? '(none)'} where the optimiser has ${expected[at] ?? '(none)'} (was the optimiser built the same way?)`,
        );
      }
      learner.engine.importState(state.engineState);
      learner.model.setOptimizerState(state.optimizer);
      Object.assign(learner.counters, state.counters);
      return learner;
    } catch (error) {
      learner.dispose();
      throw error;
    }
  }

  /**
   * Everything needed to resume at this very step (see {@link LearnerState}), as fresh copies the
   * caller owns (`disposeTree(state)`). {@link OnlineLearner.fromState} takes it back.
   */
  state(): LearnerState {
    return {
      rule: this.rule,
      config: this.config,
      batchSize: this.batchSize,
      updateEvery: this.updateEvery,
      engine: this.engineKind,
      synthetic: { ...this.synthetic },
      params: this.params(),
      optimizer: this.model.optimizerState(),
      engineState: this.engine.exportState(),
      counters: { ...this.counters },
    };
  }

  /** Fresh copies of the current parameters (the caller disposes them). */
  params(): Params {
    return this.model.params();
  }

  /** Predicts from x_t [B·d_input] and advances the state; nothing is learnt. Returns [B, multidim] classes. */
  predictOne(x: ArrayLike<number>): { prediction: Int32Array; logProbs: Float32Array } {
    const { logProbs } = this.engine.step(this.input(x), null);
    return {
      prediction: argmaxHeads(
        logProbs,
        this.batchSize * this.config.multidim,
        this.config.nClasses,
      ),
      logProbs,
    };
  }

  /**
   * One step of test-then-train: predicts from x_t, scores the prediction against y_t
   * ([B·multidim] classes), accumulates the gradient of the masked cross-entropy (mask [B],
   * default all 1; each element weighs 1/B), and applies an update when `updateEvery` says so.
   * The update averages the accumulated gradient over the learning steps since the last one.
   * `last: true` marks the step that ends the sequences (BP(λ) bootstraps nothing beyond it).
   */
  learnOne(
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    mask?: ArrayLike<number>,
    options: { last?: boolean } = {},
  ): LearnResult {
    const labels = stepLabels(y, this.batchSize * this.config.multidim, this.config.nClasses);
    const weights = new Float32Array(this.batchSize);
    let scored = 0;
    for (let b = 0; b < this.batchSize; b++) {
      const m = mask === undefined ? 1 : Number(mask[b]);
      weights[b] = m / this.batchSize;
      scored += m > 0 ? 1 : 0;
    }
    const { logProbs, loss } = this.engine.step(
      this.input(x),
      { y: labels, weight: weights },
      options.last,
    );
    if (scored > 0) this.counters.lossSteps += 1;
    return this.afterStep(
      logProbs,
      labels,
      weights,
      scored > 0 ? (loss * this.batchSize) / scored : Number.NaN,
    );
  }

  /**
   * Learns one batch of whole sequences (xs [B, T, d_input], ys [B, T, multidim], mask [B, T]) with
   * the exact per-step weights of the sequence loss, m_bt / (B·Σ_t m_bt), then ends the sequences.
   * With `updateEvery: 'sequence'` the applied gradient equals `computeGradients(rule, …)` on the
   * same batch. Returns the sequence loss.
   */
  learnSequence(
    xs: Float32Array,
    ys: Int32Array,
    mask: Float32Array,
    time: number,
  ): { loss: number; updated: boolean } {
    const { batchSize: batch, config } = this;
    const perSequence = new Float32Array(batch);
    for (let b = 0; b < batch; b++)
      for (let t = 0; t < time; t++)
        perSequence[b] = (perSequence[b] as number) + (mask[b * time + t] as number);
    let loss = 0;
    let updated = false;
    const x = new Float32Array(batch * config.dInput);
    const y = new Int32Array(batch * config.multidim);
    const weight = new Float32Array(batch);
    for (let t = 0; t < time; t++) {
      for (let b = 0; b < batch; b++) {
        x.set(
          xs.subarray((b * time + t) * config.dInput, (b * time + t + 1) * config.dInput),
          b * config.dInput,
        );
        y.set(
          ys.subarray((b * time + t) * config.multidim, (b * time + t + 1) * config.multidim),
          b * config.multidim,
        );
        weight[b] =
          (mask[b * time + t] as number) / (batch * Math.max(perSequence[b] as number, 1));
      }
      const result = this.engine.step(x, { y, weight }, t === time - 1);
      loss += result.loss;
      updated = this.afterStep(result.logProbs, y, weight, result.loss).updated || updated;
    }
    // The weights already normalise the sequence: apply the sum, not a per-step mean.
    this.counters.lossSteps = 0;
    updated = this.endSequence() || updated;
    return { loss, updated };
  }

  /**
   * Ends the current sequences of the given elements (all by default): applies the pending update
   * when `updateEvery` is `'sequence'`, then resets those elements' state. Returns whether an
   * update was applied.
   */
  endSequence(which?: readonly number[]): boolean {
    const updated =
      this.updateEvery === 'sequence' && this.counters.stepsSinceUpdate > 0
        ? (this.applyUpdate(), true)
        : false;
    this.resetState(which);
    return updated;
  }

  /** Starts new sequences for the given batch elements (all by default); nothing is learnt. */
  resetState(which?: readonly number[]): void {
    for (const b of which ?? [])
      if (!(Number.isInteger(b) && b >= 0 && b < this.batchSize))
        throw new RangeError(`resetState: no batch element ${b} (batch size ${this.batchSize})`);
    this.engine.resetState(which);
  }

  /** Applies the accumulated gradient now (averaged over the learning steps since the last update). */
  applyUpdate(): void {
    const scale = this.counters.lossSteps > 0 ? 1 / this.counters.lossSteps : 1;
    this.engine.setParams(this.model.update(this.engine.gradients(), scale));
    this.engine.resetGradients();
    this.counters.updates += 1;
    this.counters.lossSteps = 0;
    this.counters.stepsSinceUpdate = 0;
  }

  /** Frees the parameters, the optimiser state and the engine. */
  dispose(): void {
    this.model.dispose();
    this.engine.dispose();
  }

  private afterStep(
    logProbs: Float32Array,
    labels: Int32Array,
    weights: Float32Array,
    loss: number,
  ): LearnResult {
    const { multidim, nClasses } = this.config;
    const prediction = argmaxHeads(logProbs, this.batchSize * multidim, nClasses);
    const { correct, total } = countCorrect(prediction, labels, weights, multidim);
    this.counters.steps += 1;
    this.counters.stepsSinceUpdate += 1;
    let updated = false;
    if (
      typeof this.updateEvery === 'number' &&
      this.counters.stepsSinceUpdate >= this.updateEvery
    ) {
      this.applyUpdate();
      updated = true;
    }
    return { loss, prediction, correct, total, updated };
  }

  private input(x: ArrayLike<number>): Float32Array {
    return stepInput(x, this.batchSize * this.config.dInput);
  }
}
