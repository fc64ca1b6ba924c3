/**
 * The splits every dataset is made of, as flat row-major typed arrays (tensor-free, so the data
 * layer works unchanged in Node and the browser). A split stores its inputs in the most compact
 * form that is exact, and batching turns them into what the model reads:
 *
 * - `dense`: float32 inputs `[size, T, d]` (generated tasks).
 * - `uint8`: bytes `[size, T, d]` plus a per-channel affine map `value = byte·scale[c] + offset[c]`
 *   (images: MNIST, CIFAR, Pathfinder); 4× smaller than float32 and exact for the recipes of
 *   spec 3, whose normalisations are affine in the raw byte.
 * - `tokens`: token ids `[size, T]` (IMDB, ListOps); the model reads their one-hot vectors
 *   `[T, vocabularySize]`, made per batch on the tensor side (a float one-hot copy of IMDB would
 *   take 25k·4096·135·4 bytes ≈ 55 GB).
 * - `token-pairs`: two token documents per example `[size, 2, L]` plus their lengths (AAN). The
 *   model reads them concatenated (document 1, then document 2, then padding) as `[2L, V]`.
 * - `generated`: nothing of length T is stored; each sequence is written on demand from its row
 *   index (generated tasks: copy, copy-repeat, bp-toy), so a split of 1,000 copy sequences at
 *   T = 16k costs its valid-step ranges instead of 1 GB. Batching writes dense float32 inputs.
 *
 * Per-timestep convention (spec 3): a label exists at every step and the valid steps (the loss
 * mask) mark the steps that count in the loss and the accuracy. Masks are stored as one
 * `[start, end)` range per sequence: a float mask of 60k MNIST images would take 188 MB.
 */

/** Token-id storage; the narrowest type that holds the vocabulary. */
export type TokenIds = Uint8Array | Uint16Array | Int32Array;

/** What every split has, stored or generated: its size, its shapes and the valid steps. */
export interface SplitLayout {
  /** Number of sequences in the split. */
  readonly size: number;
  /** Shape of one label record: `[]` for a sequence label, `[T, 7]` for the copy task. */
  readonly yShape: readonly number[];
  /**
   * The valid steps of each sequence, `[size, 2]` int32: the loss mask is 1 on `[start, end)`
   * (spec 3: `[0, T)` for images, `[0, len)` for padded text, the last P steps for the copy task).
   */
  readonly validSteps: Int32Array;
  /** The model's view of one input sequence: `[T, d]` (d = vocabulary size for tokens). */
  readonly xShape: readonly [number, number];
  /** Shape of one regression target record, e.g. `[2]` (regression splits only). */
  readonly targetShape?: readonly number[];
}

/** What every stored split has, whatever its input encoding: the layout plus its labels. */
export interface SplitBase extends SplitLayout {
  /**
   * Integer labels, row-major `[size, ...yShape]`, int32 (0 where `mask` is 0 for per-step
   * labels). Regression splits hold zeros `[size]` here and their targets in `targets`.
   */
  readonly y: Int32Array;
  /**
   * An explicit loss mask `[size, T]` float32 0/1, present only on small generated splits; when
   * present it is the mask (and agrees with `validSteps`).
   */
  readonly mask?: Float32Array;
  /** Regression targets `[size, ...targetShape]` float32 (the BP(λ) toy task); else absent. */
  readonly targets?: Float32Array;
}

/** Float32 inputs `x [size, T, d]`. */
export interface DenseSplit extends SplitBase {
  readonly encoding: 'dense';
  readonly x: Float32Array;
}

/** A dense split that also carries its explicit float mask (the small generated tasks). */
export type MaskedDenseSplit = DenseSplit & { readonly mask: Float32Array };

/** Byte inputs `x [size, T, d]`; the model reads `x·scale[c] + offset[c]` for channel c. */
export interface Uint8Split extends SplitBase {
  readonly encoding: 'uint8';
  readonly x: Uint8Array;
  /** Per-channel scale `[d]`. */
  readonly scale: Float32Array;
  /** Per-channel offset `[d]`. */
  readonly offset: Float32Array;
}

/** Token ids `x [size, T]`; the model reads one-hot vectors of length `xShape[1]`. */
export interface TokenSplit extends SplitBase {
  readonly encoding: 'tokens';
  readonly x: TokenIds;
}

/**
 * Two token documents per example, `x [size, 2, documentLength]` (padded with id 0), and their
 * valid lengths `lengths [size, 2]`. `xShape` is `[2·documentLength, V]` and `validSteps` are in
 * the concatenated layout the model reads: the label counts while document 2 is read,
 * `[len1, len1 + len2)`.
 */
export interface TokenPairSplit extends SplitBase {
  readonly encoding: 'token-pairs';
  readonly x: TokenIds;
  readonly lengths: Int32Array;
  /** L: the padded length of each document. */
  readonly documentLength: number;
}

/** Where {@link GeneratedSplit.writeRow} writes one sequence: zero-filled, row-major views. */
export interface GeneratedRow {
  /** Inputs `[T, d]`. */
  readonly x: Float32Array;
  /** Labels `[...yShape]` (0 outside the valid steps for per-step labels, as stored splits). */
  readonly y: Int32Array;
  /** Regression targets `[...targetShape]`, present when the split has a `targetShape`. */
  readonly targets?: Float32Array;
}

/**
 * Sequences produced on demand: only the layout is stored (the loss mask is `validSteps`), and
 * `writeRow` writes sequence `row` whenever a batch needs it. A row is a pure function of its
 * index (generators seek their PRNG to the row's first draw), so every pass and every run sees
 * the same sequences, and they equal what the task's materialising generator gives.
 */
export interface GeneratedSplit extends SplitLayout {
  readonly encoding: 'generated';
  /**
   * Writes sequence `row` (0 ≤ row < size, checked by the callers in this package) into `out`,
   * whose arrays the caller zero-fills.
   */
  readonly writeRow: (row: number, out: GeneratedRow) => void;
}

/** One split (train, val or test) of a sequence dataset. */
export type DatasetSplit = DenseSplit | Uint8Split | TokenSplit | TokenPairSplit | GeneratedSplit;

/** A split whose inputs and labels are stored whole (every encoding but `generated`). */
export type StoredSplit = Exclude<DatasetSplit, GeneratedSplit>;

/** The input encoding of a split. */
export type SplitEncoding = DatasetSplit['encoding'];
