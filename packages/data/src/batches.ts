/**
 * Batching over a {@link DatasetSplit}: copies rows into fresh contiguous typed arrays in the
 * `[batch, ...]` layout the tensor side expects. Training iterates a seeded permutation and drops
 * the last incomplete batch (as the reference's `drop_last=True`); evaluation covers every row.
 */
import { seededPermutation } from './shuffle.js';
import type { DatasetSplit } from './types.js';

/** One batch as typed arrays; the arrays are fresh copies the caller owns. */
export interface ArrayBatch {
  /** Inputs `[size, T, d]` float32. */
  readonly x: Float32Array;
  /** Labels `[size, ...split.yShape]` int32. */
  readonly y: Int32Array;
  /** Mask `[size, T]` float32. */
  readonly mask: Float32Array;
  /** Rows in this batch (≤ the requested batch size only for a final eval batch). */
  readonly size: number;
  readonly xShape: readonly [number, number, number];
  readonly yShape: readonly number[];
  readonly maskShape: readonly [number, number];
  /** Row indices into the split, in batch order. */
  readonly indices: Int32Array;
}

/** Options of {@link iterateBatches}. */
export interface BatchOptions {
  /** Rows per batch (a positive integer). */
  batchSize: number;
  /** Shuffle with `seed` (training); default false (evaluation order). */
  shuffle?: boolean;
  /** Permutation seed; use a different one per epoch, e.g. `deriveSeed(seed, 'shuffle', epoch)`. */
  seed?: number;
  /** Drop the last incomplete batch (training); default false (full coverage). */
  dropLast?: boolean;
}

/** Number of batches {@link iterateBatches} yields for `size` rows. */
export function countBatches(size: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize);
}

/**
 * Yields the batches of one epoch over `split`.
 *
 * @throws RangeError when `batchSize` is not a positive integer.
 */
export function* iterateBatches(split: DatasetSplit, options: BatchOptions): Generator<ArrayBatch> {
  const { batchSize, shuffle = false, seed = 0, dropLast = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const [seqLength, inputDim] = split.xShape;
  const xRow = seqLength * inputDim;
  const yRow = split.yShape.reduce((a, b) => a * b, 1);
  const order = shuffle ? seededPermutation(split.size, seed) : null;
  const batches = countBatches(split.size, batchSize, dropLast);
  for (let b = 0; b < batches; b++) {
    const start = b * batchSize;
    const size = Math.min(batchSize, split.size - start);
    const indices = new Int32Array(size);
    const x = new Float32Array(size * xRow);
    const y = new Int32Array(size * yRow);
    const mask = new Float32Array(size * seqLength);
    for (let i = 0; i < size; i++) {
      const row = order ? order[start + i]! : start + i;
      indices[i] = row;
      x.set(split.x.subarray(row * xRow, (row + 1) * xRow), i * xRow);
      y.set(split.y.subarray(row * yRow, (row + 1) * yRow), i * yRow);
      mask.set(split.mask.subarray(row * seqLength, (row + 1) * seqLength), i * seqLength);
    }
    yield {
      x,
      y,
      mask,
      size,
      xShape: [size, seqLength, inputDim],
      yShape: [size, ...split.yShape],
      maskShape: [size, seqLength],
      indices,
    };
  }
}
