/**
 * One batch as typed arrays: fresh copies the caller owns, in the `[batch, ...]` layout the
 * tensor side expects. Dense and byte splits give float32 inputs; token splits give int32 ids that
 * the tensor side one-hot encodes (`tf.oneHot`), so no float one-hot copy is ever made here.
 */

/** What every batch has. */
export interface BatchBase {
  /** Labels `[size, ...split.yShape]` int32. */
  readonly y: Int32Array;
  /** Mask `[size, T]` float32. */
  readonly mask: Float32Array;
  /** Rows in this batch (≤ the requested batch size only for a final eval batch). */
  readonly size: number;
  /** The model's input shape `[size, T, d]` (d = vocabulary size for tokens). */
  readonly xShape: readonly [number, number, number];
  readonly yShape: readonly number[];
  readonly maskShape: readonly [number, number];
  /** Row indices into the split, in batch order. */
  readonly indices: Int32Array;
  /** Regression targets `[size, ...targetShape]` when the split has them. */
  readonly targets?: Float32Array;
  readonly targetShape?: readonly number[];
}

/** Float32 inputs `x [size, T, d]`. */
export interface DenseArrayBatch extends BatchBase {
  readonly encoding: 'dense';
  readonly x: Float32Array;
}

/** Token ids `x [size, T]` int32; the model reads `oneHot(x, xShape[2])`. */
export interface TokenArrayBatch extends BatchBase {
  readonly encoding: 'tokens';
  readonly x: Int32Array;
}

/**
 * Two documents per example, `x [size, 2, L]` int32, and their lengths `[size, 2]`. `xShape`,
 * `mask` and `y` are in the concatenated layout (`T = 2L`); {@link concatenateTokenPairs} gives
 * the equivalent {@link TokenArrayBatch}.
 */
export interface TokenPairArrayBatch extends BatchBase {
  readonly encoding: 'token-pairs';
  readonly x: Int32Array;
  readonly lengths: Int32Array;
  readonly documentLength: number;
}

/** One batch of any encoding. */
export type ArrayBatch = DenseArrayBatch | TokenArrayBatch | TokenPairArrayBatch;
