/**
 * The typed records every dataset factory returns (spec 5 lesson 11: named fields, never a
 * positional tuple).
 */
import type { ArrayBatch } from './batch-types.js';
import type { NeededFile } from './sources/require-files.js';
import type { DatasetSplit } from './split-types.js';

/** Classification (cross-entropy per step) or regression (MSE on `targets`). */
export type DatasetKind = 'classification' | 'regression';

/**
 * How to show one example to a person (`olrd data inspect`).
 * - `image`: the `T·d` values of a sequence are the pixels of a `height × width × channels`
 *   raster, channel-interleaved; `order[s]` (when present) is the raster index shown at step-slot s
 *   (the psMNIST permutation).
 * - `text`: token ids index `vocabulary`; tokens are joined with `separator`.
 * - `grid`: a small matrix of numbers (generated tasks), printed step by step.
 */
export type ExampleView =
  | {
      readonly kind: 'image';
      readonly height: number;
      readonly width: number;
      readonly channels: number;
      readonly order?: Int32Array;
    }
  | { readonly kind: 'text'; readonly vocabulary: readonly string[]; readonly separator: string }
  | { readonly kind: 'grid' };

/** A dataset: its three splits plus the sizes a model needs. */
export interface Dataset<S extends DatasetSplit = DatasetSplit> {
  /** Registry name, e.g. `'copy'`. */
  readonly name: string;
  /** One-line human description including the resolved options. */
  readonly description: string;
  readonly kind: DatasetKind;
  readonly train: S;
  readonly val: S;
  readonly test: S;
  /** Sequence length T (for token pairs: 2L, the concatenated length). */
  readonly seqLength: number;
  /** Input channels per step (`d_input`; the vocabulary size for token datasets). */
  readonly inputDim: number;
  /** Classes per output (2 for each copy-task bit; 0 for regression). */
  readonly nClasses: number;
  /** Independent outputs per step (7 for the copy task, 1 for classification, 2 for bp-toy). */
  readonly multidim: number;
  /** Number of training sequences (equals `train.size`). */
  readonly trainSize: number;
  /** The options after defaults were applied, for logs and run folders (JSON-safe values). */
  readonly options: Readonly<Record<string, unknown>>;
  /** How `olrd data inspect` renders an example. */
  readonly view: ExampleView;
  /** Names of the classes, index = label, when they have names. */
  readonly labelNames?: readonly string[];
  /**
   * Present for tasks whose training batches are generated on the fly under a curriculum
   * (copy-repeat): creates a fresh curriculum state for one run.
   */
  readonly createCurriculum?: (seed: number) => TrainingCurriculum;
}

/**
 * A training curriculum (spec 2 §9): batches come from the current level and each batch's loss
 * may advance the level. Mutable; one per run.
 */
export interface TrainingCurriculum {
  /** The current level, e.g. `{ patternLength: 3, repeats: 2 }`. */
  level(): Readonly<Record<string, number>>;
  /** A fresh batch of `batchSize` sequences at the current level. */
  nextBatch(batchSize: number, seed: number): ArrayBatch;
  /**
   * Reports the mean per-output loss (nats) of the last training batch; returns true when the
   * level advanced.
   */
  observe(loss: number): boolean;
  /** A split of `size` sequences at the current level (evaluation). */
  evaluationSplit(size: number, seed: number): DatasetSplit;
  /** Returns to a level that {@link TrainingCurriculum.level} gave (resuming a run). */
  restore(level: Readonly<Record<string, number>>): void;
}

/**
 * A dataset factory: validates `options` (throwing a {@link DatasetOptionsError} that names the
 * bad key) and builds the dataset. Factories may be async (file reads, parsing).
 */
export type DatasetFactory = (
  options: Readonly<Record<string, unknown>>,
) => Dataset | Promise<Dataset>;

/** Where a registered dataset's data comes from. */
export type DatasetSourceKind = 'generated' | 'files';

/** A registry entry: the factory plus what `--help`, `olrd data list` and errors show. */
export interface DatasetEntry {
  readonly name: string;
  readonly description: string;
  /** Option name → one-line description including its default. */
  readonly options: Readonly<Record<string, string>>;
  readonly create: DatasetFactory;
  /** `files` entries read downloaded data; default `generated`. */
  readonly source?: DatasetSourceKind;
  /** The download source the entry reads (a `DataSourceId`), for `files` entries. */
  readonly dataSource?: string;
  /** The files the entry reads with its default options (for `olrd data list`). */
  readonly files?: readonly NeededFile[];
  /**
   * For a `files` entry that can also generate its data: the option that selects the generator,
   * as `key=value` (e.g. `source=generator`), shown by `olrd data list`.
   */
  readonly offline?: string;
}
