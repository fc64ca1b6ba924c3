/**
 * Resumable training state (`checkpoint.safetensors` in a run folder): the parameters, the
 * optimiser state and the loop's position and counters, taken between two steps. Resuming from
 * it continues the run exactly where it was: the same next batch of the same epoch's shuffle,
 * the same schedule step, dropout seeds and optimiser moments, the same curriculum level and
 * early-stopping counters, so N steps + resume + M steps equals N + M steps bit for bit.
 * Isomorphic (bytes in, bytes out); `@olrd/train/node` writes the file atomically.
 */
import type { ModelConfig, Params } from '@olrd/core';
import {
  CheckpointError,
  parseSafetensors,
  serializeSafetensors,
  tf,
  treeFromSafetensors,
  treeToSafetensors,
  type SafetensorsTensor,
} from '@olrd/tensor';
import type { AlignmentSummary } from '../analysis/alignment-summary.js';
import type { TrainConfig } from '../config/train-config.js';
import type { SplitMetrics } from '../loop/evaluate.js';
import type { EpochMetricsEvent } from '../loop/metrics-events.js';
import type { OptState } from '../optim/tree.js';
import { CHECKPOINT_FORMAT_KEY, MODEL_CONFIG_KEY, TRAIN_CONFIG_KEY } from './checkpoint.js';

/** The `format` metadata value of resumable training checkpoints. */
export const TRAIN_STATE_FORMAT = 'olrd-train-state-v1';
const LOOP_KEY = 'loop';

/** Running sums of losses and counts (an epoch's, or the metrics window's). */
export interface LossTotals {
  loss: number;
  correct: number;
  total: number;
  steps: number;
}

/** Where the loop stands between two steps, as plain data. */
export interface LoopPosition {
  /** Steps taken so far (the next step is `step + 1`). */
  step: number;
  /** The epoch the next step belongs to (0-based). */
  epoch: number;
  /** Batches of `epoch` already taken (may equal the epoch's length: evaluation is next). */
  batchInEpoch: number;
  /** Epochs evaluated so far. */
  epochsDone: number;
  epochTotals: LossTotals;
  window: LossTotals;
  earlyStopping: { bestLoss: number; epochsWithoutImprovement: number };
  best?: { epoch: number; val: SplitMetrics; test: SplitMetrics };
  lastEpoch?: EpochMetricsEvent;
  /** The curriculum level (datasets with a curriculum). */
  curriculumLevel?: Readonly<Record<string, number>>;
  /** Alignment events measured so far in `epoch`. */
  alignment: readonly AlignmentSummary[];
  throughput: { tokens: number; seconds: number };
  /** Wall seconds of the run before this point (a resumed run's clock continues from here). */
  elapsedSeconds: number;
}

/** A snapshot handed to `onCheckpoint`: the tensors stay owned by the loop (read them now). */
export interface TrainSnapshot {
  readonly params: Params;
  readonly optState: OptState;
  readonly modelConfig: ModelConfig;
  readonly position: LoopPosition;
}

/** A parsed checkpoint: `params` and `optState` are fresh tensors the caller owns. */
export interface TrainResumeState {
  readonly params: Params;
  readonly optState: OptState;
  readonly position: LoopPosition;
  /** The config the run was started with. */
  readonly config: TrainConfig;
  readonly metadata: Readonly<Record<string, string>>;
}

// JSON has no NaN or Infinity (a regression run's accuracy is NaN, the first best loss is
// Infinity): they travel as strings and come back as numbers.
const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);
const encodeJson = (value: unknown) =>
  JSON.stringify(value, (_key, x: unknown) =>
    typeof x === 'number' && !Number.isFinite(x) ? String(x) : x,
  );
const decodeJson = (text: string): unknown =>
  JSON.parse(text, (_key, x: unknown) =>
    typeof x === 'string' && NON_FINITE.has(x) ? Number(x) : x,
  );

/**
 * Serialises a snapshot with the run's config (and extra string metadata, e.g. how many metrics
 * lines the run folder had written).
 */
export function serializeTrainState(
  snapshot: TrainSnapshot,
  config: TrainConfig,
  extra: Readonly<Record<string, string>> = {},
): Uint8Array {
  const params = treeToSafetensors(snapshot.params, 'params');
  const optimizer = treeToSafetensors(snapshot.optState, 'optimizer');
  const tensors: Record<string, SafetensorsTensor> = { ...params.tensors, ...optimizer.tensors };
  return serializeSafetensors(tensors, {
    ...extra,
    [CHECKPOINT_FORMAT_KEY]: TRAIN_STATE_FORMAT,
    [MODEL_CONFIG_KEY]: JSON.stringify(snapshot.modelConfig),
    [TRAIN_CONFIG_KEY]: JSON.stringify(config),
    optimizer_numbers: JSON.stringify(optimizer.numbers),
    [LOOP_KEY]: encodeJson(snapshot.position),
  });
}

function jsonEntry(metadata: Readonly<Record<string, string>>, key: string): unknown {
  const text = metadata[key];
  if (text === undefined) throw new CheckpointError(`metadata '${key}' is missing`);
  try {
    return decodeJson(text);
  } catch {
    throw new CheckpointError(`metadata '${key}' is not valid JSON`);
  }
}

/**
 * Parses a training checkpoint against the parameters and optimiser state the run's config
 * builds (`templateParams`, `optimizer.init(templateParams)`): every tensor must be there with
 * the template's shape.
 *
 * @throws CheckpointError naming the first problem (not a training checkpoint, a missing or
 *   mis-shaped tensor, malformed metadata); nothing leaks.
 */
export function parseTrainState(
  bytes: Uint8Array,
  templateParams: Params,
  templateOptState: OptState,
): TrainResumeState {
  const file = parseSafetensors(bytes);
  const { metadata, tensors } = file;
  if (metadata[CHECKPOINT_FORMAT_KEY] !== TRAIN_STATE_FORMAT) {
    throw new CheckpointError(
      `not a resumable training checkpoint (format '${metadata[CHECKPOINT_FORMAT_KEY] ?? 'none'}', expected '${TRAIN_STATE_FORMAT}')`,
    );
  }
  const position = jsonEntry(metadata, LOOP_KEY) as LoopPosition;
  if (typeof position !== 'object' || position === null || !Number.isInteger(position.step))
    throw new CheckpointError(`metadata '${LOOP_KEY}' does not hold a loop position`);
  const config = jsonEntry(metadata, TRAIN_CONFIG_KEY) as TrainConfig;
  const numbers = jsonEntry(metadata, 'optimizer_numbers') as Record<string, number>;
  const params = treeFromSafetensors(templateParams, 'params', { tensors, numbers: {} });
  try {
    const optState = treeFromSafetensors(
      templateOptState,
      'optimizer',
      { tensors, numbers },
      '(was the optimiser configured the same way?)',
    );
    return { params, optState, position, config, metadata };
  } catch (error) {
    tf.dispose(Object.values(params));
    throw error;
  }
}
