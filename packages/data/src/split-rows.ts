/**
 * Row selection on splits: holding out a validation split, taking subsets, and limiting sizes.
 * Each result owns fresh arrays (the source split is not shared or modified; a generated subset
 * reads its rows from the source's writer).
 */
import { takeGeneratedRows } from './generated-split.js';
import { seededPermutation } from './shuffle.js';
import type { DatasetSplit, TokenIds } from './split-types.js';

function copyRows<T extends Int32Array | Float32Array | Uint8Array | Uint16Array>(
  source: T,
  rows: Int32Array,
  rowLength: number,
): T {
  const Type = source.constructor as new (length: number) => T;
  const out = new Type(rows.length * rowLength);
  rows.forEach((row, i) =>
    out.set(source.subarray(row * rowLength, (row + 1) * rowLength), i * rowLength),
  );
  return out;
}

/**
 * The split made of `rows` of `split`, in that order.
 *
 * @throws RangeError when a row is out of range.
 */
export function takeRows<S extends DatasetSplit>(split: S, rows: Int32Array): S {
  // A generated split stays generated: its subset maps rows, nothing is written.
  if (split.encoding === 'generated') return takeGeneratedRows(split, rows) as S;
  for (const row of rows) {
    if (row < 0 || row >= split.size)
      throw new RangeError(`row ${row} is outside the split (size ${split.size})`);
  }
  const [seqLength, inputDim] = split.xShape;
  const yRow = split.yShape.reduce((a, b) => a * b, 1);
  const common = {
    size: rows.length,
    y: copyRows(split.y, rows, yRow),
    yShape: split.yShape,
    validSteps: copyRows(split.validSteps, rows, 2),
    xShape: split.xShape,
    ...(split.mask ? { mask: copyRows(split.mask, rows, seqLength) } : {}),
    ...(split.targets && split.targetShape
      ? {
          targets: copyRows(
            split.targets,
            rows,
            split.targetShape.reduce((a, b) => a * b, 1),
          ),
          targetShape: split.targetShape,
        }
      : {}),
  };
  switch (split.encoding) {
    case 'dense':
      return {
        ...common,
        encoding: 'dense',
        x: copyRows(split.x, rows, seqLength * inputDim),
      } as S;
    case 'uint8':
      return {
        ...common,
        encoding: 'uint8',
        x: copyRows(split.x, rows, seqLength * inputDim),
        scale: split.scale,
        offset: split.offset,
      } as S;
    case 'tokens':
      return {
        ...common,
        encoding: 'tokens',
        x: copyRows(split.x as TokenIds, rows, seqLength),
      } as S;
    case 'token-pairs':
      return {
        ...common,
        encoding: 'token-pairs',
        x: copyRows(split.x as TokenIds, rows, 2 * split.documentLength),
        lengths: copyRows(split.lengths, rows, 2),
        documentLength: split.documentLength,
      } as S;
    default:
      return split satisfies never;
  }
}

/**
 * Splits `size` rows into a held-out part of `⌊fraction·size⌋` rows and the rest, by a seeded
 * permutation (the reference's `random_split` with seed 42 draws a different permutation: the
 * sizes match, the membership does not). Both lists keep the permutation's order, so a prefix of
 * either is a random subset.
 */
export function holdoutRows(
  size: number,
  fraction: number,
  seed: number,
): { kept: Int32Array; heldOut: Int32Array } {
  const order = seededPermutation(size, seed);
  const held = Math.floor(fraction * size);
  return { heldOut: order.slice(0, held), kept: order.slice(held) };
}

/**
 * `rows` cut to at most `limit` (0 = no limit). The cut keeps a seeded random subset in
 * ascending order, so class-sorted files (IMDB) still give balanced subsets.
 */
export function limitRows(rows: Int32Array, limit: number, seed: number): Int32Array {
  if (limit <= 0 || limit >= rows.length) return rows;
  const pick = seededPermutation(rows.length, seed).slice(0, limit).sort();
  return Int32Array.from(pick, (i) => rows[i]!);
}

/** `0, 1, …, size − 1`. */
export function allRows(size: number): Int32Array {
  return Int32Array.from({ length: size }, (_, i) => i);
}
