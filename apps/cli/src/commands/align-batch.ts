/**
 * The batch of `olrd align`: a safetensors file (checked as `olrd grad` checks it), or a seeded
 * draw of `--bsz` sequences from a task's training split, with the task and its options taken
 * from the checkpoint's `train_config` unless flags say otherwise.
 */
import type { LossKind, ModelConfig } from '@olrd/core';
import { iterateBatches, loadDataset, type ArrayBatch } from '@olrd/data';
import type { Batch } from '@olrd/rules';
import type { tf } from '@olrd/tensor/node';
import {
  CONFIG_FIELDS,
  ConfigError,
  TRAIN_CONFIG_KEY,
  batchToTensors,
  datasetOptionsFor,
  normalizeConfigLayer,
  resolveTrainConfig,
  safetensorsToTensors,
  type SafetensorsFile,
  type TrainConfig,
} from '@olrd/train';
import { readSafetensorsFile } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { checkBatch, checkBatchValues } from './grad-inputs.js';

/** A batch before upload: its shapes and, once the backend is up, its tensors. */
export interface AlignBatch {
  /** For the table header, e.g. `batch.safetensors` or `copy train split, seed 0`. */
  readonly description: string;
  /** Where it came from, for the JSON report. */
  readonly source: Readonly<Record<string, string | number>>;
  readonly xShape: readonly number[];
  readonly yShape: readonly number[];
  /** Uploads the batch (call after `initBackend`); the caller disposes the tensors. */
  toTensors(): Batch;
  /**
   * Checks the labels against the model (a batch file may hold any values; a task's batches are
   * right by construction). @throws UsageError naming the file and the bad label.
   */
  checkValues?(model: Pick<ModelConfig, 'nClasses' | 'loss'>): void;
}

/** Reads and checks a batch file (x, y, mask). */
export async function batchFromFile(
  path: string,
  dInput?: number,
  loss?: LossKind,
): Promise<AlignBatch> {
  const file = await readSafetensorsFile(path);
  checkBatch(file, path, dInput, loss);
  return {
    description: path,
    source: { file: path },
    xShape: file.tensors.x!.shape,
    yShape: file.tensors.y!.shape,
    toTensors: () => {
      const tensors = safetensorsToTensors(file.tensors);
      return { x: tensors.x as tf.Tensor3D, y: tensors.y!, mask: tensors.mask as tf.Tensor2D };
    },
    checkValues: (model) => checkBatchValues(file, path, model),
  };
}

/**
 * The data settings stored in a checkpoint: only the data keys and `bsz` of its `train_config`
 * (a checkpoint from another olrd version may hold keys this one does not know).
 *
 * @throws ConfigError when the stored JSON is unreadable or holds a bad data setting.
 */
export function storedDataSettings(
  params: SafetensorsFile,
  path: string,
): Partial<TrainConfig> | undefined {
  const text = params.metadata[TRAIN_CONFIG_KEY];
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`${path}: the ${TRAIN_CONFIG_KEY} metadata is not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const wanted = Object.entries(raw).filter(
    ([key]) => key === 'bsz' || CONFIG_FIELDS[key as keyof TrainConfig]?.group === 'data',
  );
  return normalizeConfigLayer(Object.fromEntries(wanted), `${path} (${TRAIN_CONFIG_KEY})`);
}

/**
 * Draws `settings.bsz` sequences from the training split of `settings.dataset`, shuffled by
 * `seed` (drop-last, as training does).
 *
 * @throws UsageError when the task has fewer sequences than bsz.
 */
export async function batchFromTask(
  settings: Partial<TrainConfig>,
  seed: number,
): Promise<AlignBatch> {
  const config = resolveTrainConfig(settings);
  const dataset = await loadDataset(config.dataset, datasetOptionsFor(config));
  const first = iterateBatches(dataset.train, {
    batchSize: config.bsz,
    shuffle: true,
    seed,
    dropLast: true,
  }).next();
  if (first.done) {
    throw new UsageError(
      `task '${dataset.name}' has ${dataset.train.size} training sequences, fewer than --bsz ${config.bsz}`,
    );
  }
  const arrays: ArrayBatch = first.value;
  return {
    description: `${dataset.description}; training split, ${config.bsz} sequences drawn with seed ${seed}`,
    source: { task: dataset.name, split: 'train', seed, bsz: config.bsz },
    // The model's input shape, one-hot width included for token tasks.
    xShape: arrays.xShape,
    // A regression task's targets are its y (the model has an mse readout).
    yShape: dataset.kind === 'regression' ? arrays.targetShape! : arrays.yShape,
    toTensors: () =>
      batchToTensors(arrays, dataset.kind === 'regression' ? { loss: 'mse' } : undefined),
  };
}
