/**
 * The events the training loop emits. `metrics.jsonl` holds one JSON object per `step`, `epoch`
 * or `alignment` event; `progress` is for live displays and is not logged.
 */
import type { ModelConfig, Params } from '@olrd/core';
import type { AlignmentMean, AlignmentSummary } from '../analysis/alignment-summary.js';
import type { TrainSnapshot } from '../checkpoint/train-state.js';
import type { SplitMetrics } from './evaluate.js';

/** Train/val/test loss and accuracy. */
export interface LossAccuracy {
  loss: number;
  accuracy: number;
}

/** Emitted once, before the first step. */
export interface TrainStartInfo {
  modelConfig: ModelConfig;
  datasetDescription: string;
  /** Total trainable scalars. */
  parameterCount: number;
  /** Micro-batches per epoch (⌊train size / bsz⌋). */
  stepsPerEpoch: number;
  /** Planned micro-batch steps (epochs × stepsPerEpoch, capped by maxSteps). */
  totalSteps: number;
  /** Tokens (sequences × T) per micro-batch. */
  tokensPerStep: number;
}

/** Emitted after every training step, for live displays. */
export interface StepProgress {
  /** 0-based epoch. */
  epoch: number;
  /** Micro-batch steps done so far (1-based count). */
  step: number;
  totalSteps: number;
  /** Loss of this step's batch. */
  loss: number;
  /** Running mean of the batch losses in this epoch. */
  epochLoss: number;
  /** Running accuracy in this epoch. */
  epochAccuracy: number;
  learningRate: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
  /** Estimated seconds to finish the planned steps (training time only). */
  etaSeconds: number;
}

/** Logged every `logEvery` steps: means over the steps since the last step event. */
export interface StepMetricsEvent {
  type: 'step';
  epoch: number;
  step: number;
  loss: number;
  accuracy: number;
  learningRate: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
}

/** Logged after each epoch's evaluation. */
export interface EpochMetricsEvent {
  type: 'epoch';
  /** 0-based epoch index, as the loop counts (the console and summary.json show `epoch + 1`). */
  epoch: number;
  step: number;
  train: LossAccuracy;
  val: SplitMetrics;
  test: SplitMetrics;
  learningRate: number;
  /** True when this epoch has the lowest val loss so far. */
  isBest: boolean;
  /** 0-based index of the best epoch so far, like `epoch` (summary.json's `bestEpoch` is 1-based). */
  bestEpoch: number;
  tokensPerSecond: number;
  epochSeconds: number;
  elapsedSeconds: number;
  /** The curriculum level reached (copy-repeat), when the dataset has a curriculum. */
  curriculumLevel?: Readonly<Record<string, number>>;
  /** The mean of this epoch's `alignment` events, when `logNBatches` > 0 logged any. */
  alignment?: AlignmentMean;
}

/**
 * Logged on each of the first `logNBatches` batches of an epoch: the rule's gradient against
 * BPTT's on the same batch, parameters and dropout masks (spec 1 §4.6). In JSON an infinite
 * relative norm (a zero BPTT gradient with a non-zero rule gradient) reads `null`.
 */
export interface AlignmentMetricsEvent extends AlignmentSummary {
  type: 'alignment';
  epoch: number;
  /** The training step (1-based count, as in `step` events) whose batch and parameters these are. */
  step: number;
  /** 0-based index of the batch in its epoch. */
  batch: number;
  /** The rule whose gradient is compared. */
  rule: string;
  /** The rule of the reference gradient. */
  reference: 'bptt';
  /**
   * `bp_lambda` only: per layer and step, the cosine of the learning signal ℓ_t + s·ĝ_t with
   * BPTT's ∂L/∂s_t (batch mean, dropout off), and its mean (spec 2 §9, the paper's Figure 2).
   */
  signal?: { perLayer: (number | null)[][]; mean: number | null };
}

/** A logged event. */
export type MetricsEvent = StepMetricsEvent | EpochMetricsEvent | AlignmentMetricsEvent;

/** Passed to `onBestCheckpoint`; `params` stay valid only until the returned promise settles. */
export interface BestCheckpoint {
  epoch: number;
  params: Params;
  modelConfig: ModelConfig;
  val: SplitMetrics;
  test: SplitMetrics;
}

/** Hooks of {@link train}; all optional, async ones are awaited. */
export interface TrainCallbacks {
  onStart?(info: TrainStartInfo): void | Promise<void>;
  onProgress?(progress: StepProgress): void;
  onMetrics?(event: MetricsEvent): void | Promise<void>;
  /** Called when the val loss improves; persist `params` here (e.g. write best.safetensors). */
  onBestCheckpoint?(checkpoint: BestCheckpoint): void | Promise<void>;
  /** A one-off remark about the run for the user (e.g. a setting that has no effect). */
  onNotice?(message: string): void;
  /**
   * Called with a resumable snapshot between two steps, as `checkpointEvery` says, after each
   * epoch's evaluation and when the run stops (never after a non-finite loss, so the last
   * snapshot is always a good one). Its tensors are valid only until the returned promise settles.
   */
  onCheckpoint?(snapshot: TrainSnapshot): void | Promise<void>;
}
