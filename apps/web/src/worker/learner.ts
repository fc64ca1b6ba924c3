/**
 * The training code of the app, in one module: a `Learner` owns one rule's parameters and
 * optimiser state and learns from one batch at a time, in sequence execution
 * (`computeGradientsAsync`) or streaming execution (`stepOnline`, one time step at a time, memory
 * flat in T). Swapping in `@olrd/rules`' streaming `OnlineLearner` later means replacing this file.
 *
 * Ownership: a learner owns `params` and its optimiser state; `step` replaces both and disposes
 * the old ones. Values are read back asynchronously so every backend (webgpu too) works.
 */
import { tf } from '@olrd/tensor';
import {
  countCorrectAsync,
  labelsPerStep,
  lruLambda,
  stepWeights,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import type { ArrayBatch } from '@olrd/data';
import {
  computeGradientsAsync,
  disposeOnlineState,
  initOnlineState,
  onlineGradients,
  stepOnline,
  type Batch,
  type Execution,
  type OnlineRuleName,
  type RuleName,
} from '@olrd/rules';
import {
  applyUpdates,
  batchToTensors,
  disposeBatch,
  disposeTree,
  gradientAlignment,
  type GradientTransformation,
  type OptState,
} from '@olrd/train';
import type { AlignmentSample } from '../protocol.js';

/** What one learning step reports. */
export interface StepOutcome {
  loss: number;
  correct: number;
  total: number;
  /** Seconds of this learner's own gradient + update (alignment excluded). */
  seconds: number;
  alignment?: AlignmentSample;
}

interface Gradients {
  loss: number;
  grads: Params;
  logProbs: tf.Tensor4D;
}

/** One rule learning online: its own parameters and optimiser state. */
export class Learner {
  readonly rule: RuleName;
  /** bptt always runs in sequence execution. */
  readonly execution: Execution;
  private params: Params;
  private state: OptState;

  /** Takes ownership of `params`. */
  constructor(
    rule: RuleName,
    execution: Execution,
    private readonly config: ModelConfig,
    private readonly optimizer: GradientTransformation,
    params: Params,
  ) {
    this.rule = rule;
    this.execution = rule === 'bptt' ? 'sequence' : execution;
    this.params = params;
    this.state = optimizer.init(params);
  }

  /**
   * Learns from one batch: gradient of the loss under the rule, then one optimiser update. With
   * `align`, also computes BPTT's gradient at the same parameters on the same batch and compares.
   */
  async step(arrays: ArrayBatch, align: boolean): Promise<StepOutcome> {
    const batch = batchToTensors(arrays);
    try {
      const started = performance.now();
      const { loss, grads, logProbs } = await this.gradients(batch);
      const { correct, total } = await countCorrectAsync(logProbs, batch.y, batch.mask);
      logProbs.dispose();
      const [updates, nextState] = this.optimizer.update(grads, this.state, this.params);
      const seconds = (performance.now() - started) / 1000;
      const alignment = align ? await this.alignWithBptt(grads, batch) : undefined;
      const previous = { params: this.params, state: this.state };
      this.params = applyUpdates(this.params, updates);
      this.state = nextState;
      disposeTree(previous.params);
      disposeTree(previous.state);
      disposeTree(updates);
      disposeTree(grads);
      return { loss, correct, total, seconds, ...(alignment ? { alignment } : {}) };
    } finally {
      disposeBatch(batch);
    }
  }

  /** λ of every layer as (re, im) arrays, for the eigenvalue view. */
  async eigenvalues(): Promise<{ re: number[]; im: number[] }[]> {
    const out: { re: number[]; im: number[] }[] = [];
    for (let layer = 0; layer < this.config.nLayers; layer++) {
      const p = `layers.${layer}.rec.`;
      const [re, im] = lruLambda(this.params[`${p}nu`]!, this.params[`${p}theta`]!);
      const [reValues, imValues] = await Promise.all([re.data(), im.data()]);
      tf.dispose([re, im]);
      out.push({ re: Array.from(reValues), im: Array.from(imValues) });
    }
    return out;
  }

  /** Fresh handles to the current parameters (the caller disposes them). */
  snapshot(): Params {
    const out: Params = {};
    for (const [name, tensor] of Object.entries(this.params)) out[name] = tf.clone(tensor);
    return out;
  }

  dispose(): void {
    disposeTree(this.params);
    disposeTree(this.state);
  }

  private gradients(batch: Batch): Promise<Gradients> {
    if (this.rule !== 'bptt' && this.execution === 'streaming')
      return streamingGradients(this.rule, this.params, this.config, batch);
    return computeGradientsAsync(this.rule, this.params, this.config, batch);
  }

  private async alignWithBptt(grads: Params, batch: Batch): Promise<AlignmentSample> {
    const reference =
      this.rule === 'bptt'
        ? { grads, logProbs: null }
        : await computeGradientsAsync('bptt', this.params, this.config, batch);
    try {
      const result = await gradientAlignment(grads, reference.grads);
      const brief = (s: { cosine: number; relativeNorm: number }) => ({
        cosine: s.cosine,
        relativeNorm: s.relativeNorm,
      });
      const modules: AlignmentSample['modules'] = {};
      for (const [name, stats] of Object.entries(result.modules)) modules[name] = brief(stats);
      return { overall: brief(result.overall), layers: result.layers.map(brief), modules };
    } finally {
      if (reference.grads !== grads) disposeTree(reference.grads);
      reference.logProbs?.dispose();
    }
  }
}

/**
 * Streaming execution: the batch's sequences advance one time step at a time through
 * `stepOnline`; the traces are the only memory of the past. The same per-step targets and loss
 * weights as `computeGradients(…, { execution: 'streaming' })`.
 */
async function streamingGradients(
  rule: OnlineRuleName,
  params: Params,
  config: ModelConfig,
  batch: Batch,
): Promise<Gradients> {
  const [batchSize, time] = batch.x.shape;
  const labels = labelsPerStep(batch.y, batchSize, time, config.multidim);
  const weights = config.mode === 'last' ? null : stepWeights(batch.mask);
  let state = initOnlineState(rule, params, config, batchSize);
  const stepLogProbs: tf.Tensor3D[] = [];
  try {
    for (let t = 0; t < time; t++) {
      const last = t === time - 1;
      const x = tf.tidy(() =>
        tf.reshape(tf.slice(batch.x, [0, t, 0], [-1, 1, -1]), [batchSize, -1]),
      );
      const target =
        weights === null && !last
          ? null
          : tf.tidy(() => ({
              y: tf.reshape(tf.slice(labels, [0, t, 0], [-1, 1, -1]), [
                batchSize,
                config.multidim,
              ]) as tf.Tensor2D,
              weight: (weights === null
                ? tf.fill([batchSize], 1 / batchSize)
                : tf.reshape(tf.slice(weights, [0, t], [-1, 1]), [batchSize])) as tf.Tensor1D,
            }));
      const next = stepOnline(state, params, config, x as tf.Tensor2D, target);
      disposeOnlineState(state);
      state = next.state;
      tf.dispose([x, ...(target === null ? [] : [target.y, target.weight])]);
      if (config.mode === 'last' && !last) next.logProbs.dispose();
      else stepLogProbs.push(next.logProbs);
    }
    const grads = onlineGradients(state, params);
    const loss = (await state.loss.data())[0] as number;
    const logProbs = tf.stack(stepLogProbs, 1) as tf.Tensor4D;
    return { loss, grads, logProbs };
  } finally {
    disposeOnlineState(state);
    tf.dispose([labels, ...(weights === null ? [] : [weights]), ...stepLogProbs]);
  }
}
