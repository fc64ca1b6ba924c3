/**
 * A batch of whole sequences as `OnlineLearner.learnOne` consumes it: one time step at a time,
 * with the inputs of every sequence (token ids one-hot encoded), its labels at that step, and the
 * per-element loss weights that make the learner's update equal the sequence loss's gradient.
 *
 * Why the weights: `learnOne` weighs element b by mask_b / B, and with `updateEvery: 'sequence'`
 * the update averages the accumulated gradient over the L steps that carried a loss. The sequence
 * loss (`maskedLoss` in @olrd/core) weighs step t of sequence b by m_bt / (B·S_b), S_b = Σ_t m_bt.
 * Passing mask_bt = m_bt·L / S_b makes the two equal for any masks (not only equal ones).
 */
import type { ModelConfig } from '@olrd/core';
import { concatenateTokenPairs, type ArrayBatch } from '@olrd/data';

/** What one `learnOne` call reported (a subset of `LearnResult`). */
export interface StepResult {
  /** Mean cross-entropy over the elements with mask > 0 (NaN when none). */
  loss: number;
  /** Class per element and head, [B·multidim], predicted before learning from the step. */
  prediction: Int32Array;
}

/** One batch, step by step; feed every step in order, then read `loss` and the counts. */
export class BatchSteps {
  readonly batchSize: number;
  readonly time: number;
  private readonly depth: number;
  private readonly dense: Float32Array | undefined;
  private readonly tokens: Int32Array | undefined;
  private readonly labels: Int32Array;
  private readonly labelShape: readonly number[];
  private readonly mask: Float32Array;
  /** Σ_t m_bt per sequence. */
  private readonly perSequence: Float32Array;
  /** Last t with m_bt > 0 per sequence (−1: none). */
  private readonly lastValid: Int32Array;
  /** Steps where some element carries a loss (L above). */
  private readonly lossSteps: number;
  private lossSum = 0;
  /** Correct predictions and their count, as `countCorrect` in @olrd/core counts them. */
  correct = 0;
  total = 0;

  constructor(
    batch: ArrayBatch,
    private readonly config: ModelConfig,
  ) {
    const arrays = batch.encoding === 'token-pairs' ? concatenateTokenPairs(batch) : batch;
    const [size, time, depth] = arrays.xShape;
    if (depth !== config.dInput)
      throw new RangeError(`the batch has ${depth} inputs per step, the model ${config.dInput}`);
    this.batchSize = size;
    this.time = time;
    this.depth = depth;
    this.dense = arrays.encoding === 'dense' ? arrays.x : undefined;
    this.tokens = arrays.encoding === 'tokens' ? arrays.x : undefined;
    this.labels = arrays.y;
    this.labelShape = arrays.yShape;
    // Pooling 'last' scores only the final step, as computeGradients aligns it.
    this.mask =
      config.mode === 'last'
        ? Float32Array.from({ length: size * time }, (_, i) => (i % time === time - 1 ? 1 : 0))
        : arrays.mask;
    this.perSequence = new Float32Array(size);
    this.lastValid = new Int32Array(size).fill(-1);
    let lossSteps = 0;
    for (let t = 0; t < time; t++) {
      let any = false;
      for (let b = 0; b < size; b++) {
        const m = this.mask[b * time + t] as number;
        if (m > 0) {
          any = true;
          this.perSequence[b] = (this.perSequence[b] as number) + m;
          this.lastValid[b] = t;
        }
      }
      if (any) lossSteps++;
    }
    this.lossSteps = lossSteps;
  }

  /** Inputs at step t, [B·d_input] (token ids one-hot). */
  x(t: number): Float32Array {
    const { batchSize, time, depth } = this;
    const out = new Float32Array(batchSize * depth);
    for (let b = 0; b < batchSize; b++) {
      if (this.dense) {
        const from = (b * time + t) * depth;
        out.set(this.dense.subarray(from, from + depth), b * depth);
      } else {
        out[b * depth + (this.tokens![b * time + t] as number)] = 1;
      }
    }
    return out;
  }

  /** Labels at step t, [B·multidim]: per-sequence and per-step labels repeat over the heads. */
  y(t: number): Int32Array {
    const { batchSize, time } = this;
    const heads = this.config.multidim;
    const out = new Int32Array(batchSize * heads);
    const rank = this.labelShape.length - 1; // yShape includes the batch dimension
    for (let b = 0; b < batchSize; b++) {
      for (let head = 0; head < heads; head++) {
        const at = rank === 0 ? b : rank === 1 ? b * time + t : (b * time + t) * heads + head;
        out[b * heads + head] = this.labels[at] as number;
      }
    }
    return out;
  }

  /** `learnOne`'s mask at step t: m_bt·L / S_b (see the file comment). */
  weights(t: number): Float32Array {
    const out = new Float32Array(this.batchSize);
    for (let b = 0; b < this.batchSize; b++) {
      const m = this.mask[b * this.time + t] as number;
      if (m > 0) out[b] = (m * this.lossSteps) / (this.perSequence[b] as number);
    }
    return out;
  }

  /** Records what `learnOne` returned for step t (its weights must be `weights(t)`). */
  record(t: number, result: StepResult, labels: Int32Array, weights: Float32Array): void {
    const heads = this.config.multidim;
    let scored = 0;
    for (let b = 0; b < this.batchSize; b++) {
      if (!((weights[b] as number) > 0)) continue;
      scored++;
      // Several heads (copy tasks): every head at every masked step; one head: the last valid step.
      if (heads === 1 && t !== this.lastValid[b]) continue;
      for (let head = 0; head < heads; head++) {
        this.total++;
        if (result.prediction[b * heads + head] === labels[b * heads + head]) this.correct++;
      }
    }
    // learnOne reports Σ_b w_b·CE_b·B/scored with w_b = weights_b / B; undo that scaling.
    if (scored > 0) this.lossSum += (result.loss * scored) / this.batchSize;
  }

  /** The batch's sequence loss, `maskedLoss`'s value, once every step was recorded. */
  get loss(): number {
    return this.lossSum / Math.max(this.lossSteps, 1);
  }
}
