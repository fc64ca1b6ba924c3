/**
 * Batching over a {@link DatasetSplit}: copies rows into fresh contiguous typed arrays. Training
 * iterates a seeded permutation and drops the last incomplete batch (as the reference's
 * `drop_last=True`); evaluation covers every row. Byte splits are expanded to float32 here (one
 * batch at a time), generated splits write their rows here; token splits stay ids.
 */
import type {
  ArrayBatch,
  BatchBase,
  DenseArrayBatch,
  TokenArrayBatch,
  TokenPairArrayBatch,
} from './batch-types.js';
import { checkRow, writeGeneratedRows } from './generated-split.js';
import { seededPermutation } from './shuffle.js';
import type {
  DatasetSplit,
  DenseSplit,
  GeneratedSplit,
  StoredSplit,
  TokenPairSplit,
  TokenSplit,
  Uint8Split,
} from './split-types.js';

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
 * Copies the rows `rows` of `split` into one batch (a generated split writes them here).
 *
 * @param rows - row indices into the split, in batch order
 * @throws RangeError when a row index is out of range.
 */
export function gatherBatch(
  split: DenseSplit | Uint8Split | GeneratedSplit,
  rows: Int32Array,
): DenseArrayBatch;
export function gatherBatch(split: TokenSplit, rows: Int32Array): TokenArrayBatch;
export function gatherBatch(split: TokenPairSplit, rows: Int32Array): TokenPairArrayBatch;
export function gatherBatch(split: DatasetSplit, rows: Int32Array): ArrayBatch;
export function gatherBatch(split: DatasetSplit, rows: Int32Array): ArrayBatch {
  const size = rows.length;
  const [seqLength, inputDim] = split.xShape;
  for (const row of rows) checkRow(row, split.size);
  const mask = new Float32Array(size * seqLength);
  for (let i = 0; i < size; i++) {
    const row = rows[i]!;
    if (split.encoding !== 'generated' && split.mask) {
      mask.set(split.mask.subarray(row * seqLength, (row + 1) * seqLength), i * seqLength);
    } else {
      const start = Math.max(0, split.validSteps[2 * row]!);
      const end = Math.min(seqLength, split.validSteps[2 * row + 1]!);
      if (end > start) mask.fill(1, i * seqLength + start, i * seqLength + end);
    }
  }
  const shapes = {
    size,
    xShape: [size, seqLength, inputDim] as const,
    yShape: [size, ...split.yShape],
    maskShape: [size, seqLength] as const,
    indices: Int32Array.from(rows),
  };
  if (split.encoding === 'generated') {
    const { x, y, targets } = writeGeneratedRows(split, rows);
    return {
      ...shapes,
      y,
      mask,
      ...(targets ? { targets, targetShape: [size, ...split.targetShape!] } : {}),
      encoding: 'dense',
      x,
    };
  }
  const base: BatchBase = { ...shapes, ...storedLabels(split, rows), mask };
  switch (split.encoding) {
    case 'dense':
    case 'uint8':
      return { ...base, encoding: 'dense', x: gatherDense(split, rows) };
    case 'tokens':
      return { ...base, encoding: 'tokens', x: gatherIds(split.x, rows, seqLength) };
    case 'token-pairs': {
      const lengths = new Int32Array(size * 2);
      rows.forEach((row, i) => lengths.set(split.lengths.subarray(row * 2, row * 2 + 2), i * 2));
      return {
        ...base,
        encoding: 'token-pairs',
        x: gatherIds(split.x, rows, 2 * split.documentLength),
        lengths,
        documentLength: split.documentLength,
      };
    }
    default:
      return split satisfies never;
  }
}

/** The labels (and regression targets) of `rows` of a stored split, copied. */
function storedLabels(
  split: StoredSplit,
  rows: Int32Array,
): Pick<BatchBase, 'y' | 'targets' | 'targetShape'> {
  const yRow = split.yShape.reduce((a, b) => a * b, 1);
  const targetRow = split.targetShape?.reduce((a, b) => a * b, 1) ?? 0;
  const y = new Int32Array(rows.length * yRow);
  const targets = split.targets ? new Float32Array(rows.length * targetRow) : undefined;
  rows.forEach((row, i) => {
    y.set(split.y.subarray(row * yRow, (row + 1) * yRow), i * yRow);
    targets?.set(split.targets!.subarray(row * targetRow, (row + 1) * targetRow), i * targetRow);
  });
  return { y, ...(targets ? { targets, targetShape: [rows.length, ...split.targetShape!] } : {}) };
}

function gatherDense(split: DenseSplit | Uint8Split, rows: Int32Array): Float32Array {
  const [seqLength, inputDim] = split.xShape;
  const xRow = seqLength * inputDim;
  const x = new Float32Array(rows.length * xRow);
  rows.forEach((row, i) => {
    const source = split.x.subarray(row * xRow, (row + 1) * xRow);
    if (split.encoding === 'dense') {
      x.set(source, i * xRow);
      return;
    }
    const { scale, offset } = split;
    for (let k = 0, c = 0; k < xRow; k++) {
      x[i * xRow + k] = source[k]! * scale[c]! + offset[c]!;
      if (++c === inputDim) c = 0;
    }
  });
  return x;
}

function gatherIds(
  ids: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> },
  rows: Int32Array,
  rowLength: number,
): Int32Array {
  const x = new Int32Array(rows.length * rowLength);
  rows.forEach((row, i) =>
    x.set(ids.subarray(row * rowLength, (row + 1) * rowLength), i * rowLength),
  );
  return x;
}

/**
 * Yields the batches of one epoch over `split`.
 *
 * @throws RangeError when `batchSize` is not a positive integer.
 */
export function iterateBatches(
  split: DenseSplit | Uint8Split | GeneratedSplit,
  options: BatchOptions,
): Generator<DenseArrayBatch>;
export function iterateBatches(
  split: TokenSplit,
  options: BatchOptions,
): Generator<TokenArrayBatch>;
export function iterateBatches(
  split: TokenPairSplit,
  options: BatchOptions,
): Generator<TokenPairArrayBatch>;
export function iterateBatches(split: DatasetSplit, options: BatchOptions): Generator<ArrayBatch>;
export function* iterateBatches(split: DatasetSplit, options: BatchOptions): Generator<ArrayBatch> {
  const { batchSize, shuffle = false, seed = 0, dropLast = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const order = shuffle ? seededPermutation(split.size, seed) : null;
  const batches = countBatches(split.size, batchSize, dropLast);
  for (let b = 0; b < batches; b++) {
    const start = b * batchSize;
    const size = Math.min(batchSize, split.size - start);
    const rows = new Int32Array(size);
    for (let i = 0; i < size; i++) rows[i] = order ? order[start + i]! : start + i;
    yield gatherBatch(split, rows);
  }
}
