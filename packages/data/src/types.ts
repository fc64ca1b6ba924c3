/**
 * The typed records every dataset factory returns (spec 5 lesson 11: named fields, never a
 * positional tuple). Everything is a flat, row-major typed array so that the data layer stays
 * tensor-free and works unchanged in Node and the browser.
 */

/**
 * One split (train, val or test) of a sequence dataset.
 *
 * Per-timestep convention (spec 3): a label exists at every step and `mask` marks the steps that
 * count in the loss and the accuracy.
 */
export interface DatasetSplit {
  /** Inputs, row-major `[size, seqLength, inputDim]`, float32. */
  readonly x: Float32Array;
  /** Integer labels, row-major `[size, ...yShape]`, int32; 0 where `mask` is 0. */
  readonly y: Int32Array;
  /** Loss mask, row-major `[size, seqLength]`, float32 0/1. */
  readonly mask: Float32Array;
  /** Number of sequences in the split. */
  readonly size: number;
  /** Shape of one input sequence: `[seqLength, inputDim]`. */
  readonly xShape: readonly [number, number];
  /** Shape of one label sequence, e.g. `[seqLength, 7]` for the copy task or `[seqLength]`. */
  readonly yShape: readonly number[];
}

/** A dataset: its three splits plus the sizes a model needs. */
export interface Dataset {
  /** Registry name, e.g. `'copy'`. */
  readonly name: string;
  /** One-line human description including the resolved options. */
  readonly description: string;
  readonly train: DatasetSplit;
  readonly val: DatasetSplit;
  readonly test: DatasetSplit;
  /** Sequence length T. */
  readonly seqLength: number;
  /** Input channels per step (`d_input`). */
  readonly inputDim: number;
  /** Classes per output (2 for each copy-task bit). */
  readonly nClasses: number;
  /** Independent outputs per step (7 for the copy task, 1 for classification). */
  readonly multidim: number;
  /** Number of training sequences (equals `train.size`). */
  readonly trainSize: number;
  /** The options after defaults were applied, for logs and run folders. */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * A dataset factory: validates `options` (throwing a {@link DatasetOptionsError} that names the
 * bad key) and builds the dataset. Factories may be async (downloads, parsing).
 */
export type DatasetFactory = (
  options: Readonly<Record<string, unknown>>,
) => Dataset | Promise<Dataset>;

/** A registry entry: the factory plus what `--help` and error messages show. */
export interface DatasetEntry {
  readonly name: string;
  readonly description: string;
  /** Option name → one-line description including its default. */
  readonly options: Readonly<Record<string, string>>;
  readonly create: DatasetFactory;
}
