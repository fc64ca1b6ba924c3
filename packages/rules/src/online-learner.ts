/**
 * `OnlineLearner`: a recurrent model that learns while the stream goes by. It holds the
 * parameters, the rule's streaming engine (recurrent state, traces, gradient accumulators) and an
 * optimiser, and applies updates every `updateEvery` steps or at the end of each sequence.
 * Memory does not depend on the length of the stream; batch 1 is a first-class case.
 *
 * Ownership: the learner copies the parameters it is given and owns its copies; `params()`
 * returns fresh tensors for the caller. Call `dispose()` when done.
 *
 * Just over 400 lines: one public class whose every member carries its TSDoc; checkpoints
 * (learner-checkpoint.ts) and the engines (engine-factory.ts) already live apart.
 */
import { disposeTree, tf } from '@olrd/tensor';
import { paramShapes, validateModelConfig, type ModelConfig, type Params } from '@olrd/core';
import { addUpdates, type LearnerOptimizer } from './learner-optimizer.js';
import { createEngine, type EngineKind } from './engine-factory.js';
import { loadLearner, saveLearner } from './learner-checkpoint.js';
import { learnerSgOptions, type SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import { requireSupport } from './names/index.js';
import type { LearnerRuleName } from './names/index.js';
import type { StreamingEngine } from './streaming-engine.js';

/** Options of {@link OnlineLearner.create}. */
export interface OnlineLearnerOptions {
  /**
   * An online rule, or BP(λ) (`bp_lambda`, `online_full_bp_lambda`: the model needs
   * `synthesiser: true`, and the synthesisers learn with the same optimiser).
   */
  rule: LearnerRuleName;
  config: ModelConfig;
  /** Initial parameters (copied). */
  params: Params;
  optimizer: LearnerOptimizer;
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

function argmaxHeads(logProbs: Float32Array, rows: number, classes: number): Int32Array {
  const out = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if ((logProbs[row * classes + c] as number) > (logProbs[row * classes + best] as number))
        best = c;
    out[row] = best;
  }
  return out;
}

export class OnlineLearner {
  /** The learner's parameters (owned). */
  private current: Params;
  private optimizerState: unknown;
  readonly counters: LearnerCounters = { steps: 0, updates: 0, lossSteps: 0, stepsSinceUpdate: 0 };

  private constructor(
    readonly rule: LearnerRuleName,
    readonly config: ModelConfig,
    readonly batchSize: number,
    readonly updateEvery: number | 'sequence',
    readonly engineKind: EngineKind,
    private readonly optimizer: LearnerOptimizer,
    params: Params,
    private readonly engine: StreamingEngine,
    /** The BP(λ) options in force (empty for the other rules). */
    readonly synthetic: Readonly<SyntheticGradientOptions>,
  ) {
    this.current = params;
    this.optimizerState = optimizer.init(params);
  }

  /**
   * Creates a learner. Throws a `RangeError` naming a bad option.
   *
   * @example
   * ```ts
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
    const kind = options.engine ?? 'auto';
    let engine: ReturnType<typeof createEngine>;
    try {
      engine = createEngine(kind, options.rule, arraysOf(params), config, batchSize, synthetic);
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
   * Everything needed to resume at this very step (parameters, optimiser state, recurrent states,
   * traces, accumulators, counters), as safetensors bytes with JSON metadata. `extra` is stored as
   * string metadata in the same file (read it back with `parseSafetensors(bytes).metadata`), so a
   * driver's own position (a stream's step, its meters) is saved atomically with the learner.
   */
  save(extra: Readonly<Record<string, string>> = {}): Uint8Array {
    return saveLearner(this, extra);
  }

  /**
   * Restores a learner from {@link OnlineLearner.save}'s bytes; `optimizer` must be built like the
   * saved one. Throws `CheckpointError` naming what does not fit.
   */
  static load(
    bytes: Uint8Array,
    optimizer: LearnerOptimizer,
    options: { engine?: EngineKind } = {},
  ): OnlineLearner {
    return loadLearner(bytes, optimizer, options);
  }

  /** Fresh copies of the current parameters (the caller disposes them). */
  params(): Params {
    const out: Params = {};
    for (const [name, tensor] of Object.entries(this.current)) out[name] = tf.clone(tensor);
    return out;
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
    const labels = this.labels(y);
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
    const raw = this.engine.gradients();
    const grads: Params = {};
    for (const [name, tensor] of Object.entries(this.current)) {
      const values = raw[name];
      if (values === undefined) throw new Error(`engine returned no gradient for '${name}'`);
      grads[name] = tf.tidy(() => tf.mul(tf.tensor(values, tensor.shape), scale));
    }
    const [updates, nextState] = this.optimizer.update(grads, this.optimizerState, this.current);
    const next = addUpdates(this.current, updates);
    disposeTree([grads, updates, this.current, this.optimizerState]);
    this.current = next;
    this.optimizerState = nextState;
    this.engine.setParams(arraysOf(next));
    this.engine.resetGradients();
    this.counters.updates += 1;
    this.counters.lossSteps = 0;
    this.counters.stepsSinceUpdate = 0;
  }

  /** Frees the parameters, the optimiser state and the engine. */
  dispose(): void {
    disposeTree([this.current, this.optimizerState]);
    this.engine.dispose();
  }

  /** @internal Used by checkpoints. */
  get internals(): {
    engine: StreamingEngine;
    optimizer: LearnerOptimizer;
    optimizerState: unknown;
    params: Params;
  } {
    return {
      engine: this.engine,
      optimizer: this.optimizer,
      optimizerState: this.optimizerState,
      params: this.current,
    };
  }

  /** @internal Used by checkpoints: replaces parameters and optimiser state (both owned afterwards). */
  restore(params: Params, optimizerState: unknown, counters: LearnerCounters): void {
    disposeTree([this.current, this.optimizerState]);
    this.current = params;
    this.optimizerState = optimizerState;
    Object.assign(this.counters, counters);
    this.engine.setParams(arraysOf(params));
  }

  private afterStep(
    logProbs: Float32Array,
    labels: Int32Array,
    weights: Float32Array,
    loss: number,
  ): LearnResult {
    const { multidim, nClasses } = this.config;
    const prediction = argmaxHeads(logProbs, this.batchSize * multidim, nClasses);
    let correct = 0;
    let total = 0;
    for (let b = 0; b < this.batchSize; b++) {
      if (!((weights[b] as number) > 0)) continue;
      for (let head = 0; head < multidim; head++) {
        total += 1;
        if (prediction[b * multidim + head] === labels[b * multidim + head]) correct += 1;
      }
    }
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
    const size = this.batchSize * this.config.dInput;
    if (x.length !== size)
      throw new RangeError(`x must have B·d_input = ${size} values, got ${x.length}`);
    return x instanceof Float32Array ? x : Float32Array.from(x);
  }

  private labels(y: ArrayLike<number>): Int32Array {
    const size = this.batchSize * this.config.multidim;
    if (y.length !== size)
      throw new RangeError(`y must have B·multidim = ${size} labels, got ${y.length}`);
    for (let i = 0; i < size; i++) {
      const label = Number(y[i]);
      if (!(Number.isInteger(label) && label >= 0 && label < this.config.nClasses)) {
        throw new RangeError(`y[${i}] = ${label} is not a class in [0, ${this.config.nClasses})`);
      }
    }
    return y instanceof Int32Array ? y : Int32Array.from(y);
  }
}

/** Parameter tensors as row-major arrays (synchronous read: cpu, wasm and tensorflow backends). */
export function arraysOf(params: Params): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(params))
    out[name] = tensor.dataSync() as Float32Array;
  return out;
}
