/**
 * Generated splits ({@link GeneratedSplit}): building one from a row writer, writing the rows a
 * batch needs, taking a lazy subset of rows, and writing a whole split out as a stored dense
 * split (what the tasks' materialising generators return, for small splits and tests).
 */
import type { GeneratedRow, GeneratedSplit, MaskedDenseSplit } from './split-types.js';

/** What {@link generatedSplit} needs to build a split. */
export interface GeneratedSplitSpec {
  readonly size: number;
  readonly xShape: readonly [number, number];
  readonly yShape: readonly number[];
  readonly targetShape?: readonly number[];
  /** The valid steps `[start, end)`, the same for every sequence. */
  readonly validRange: readonly [number, number];
  readonly writeRow: (row: number, out: GeneratedRow) => void;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Throws the batching layer's error for a row outside `0 … size − 1`. */
export function checkRow(row: number, size: number): void {
  if (!Number.isInteger(row) || row < 0 || row >= size) {
    throw new RangeError(`row ${row} is outside the split (size ${size})`);
  }
}

/** A generated split whose sequences all share one valid range (the generated tasks). */
export function generatedSplit(spec: GeneratedSplitSpec): GeneratedSplit {
  const validSteps = new Int32Array(spec.size * 2);
  for (let row = 0; row < spec.size; row++) validSteps.set(spec.validRange, 2 * row);
  return {
    encoding: 'generated',
    size: spec.size,
    xShape: spec.xShape,
    yShape: spec.yShape,
    ...(spec.targetShape ? { targetShape: spec.targetShape } : {}),
    validSteps,
    writeRow: spec.writeRow,
  };
}

/**
 * Writes `rows` of `split` into fresh arrays: x `[n, T, d]`, y `[n, ...yShape]` and, for a
 * regression split, targets `[n, ...targetShape]`.
 *
 * @throws RangeError when a row is out of range.
 */
export function writeGeneratedRows(
  split: GeneratedSplit,
  rows: ArrayLike<number>,
): { x: Float32Array; y: Int32Array; targets?: Float32Array } {
  const xRow = product(split.xShape);
  const yRow = product(split.yShape);
  const targetRow = split.targetShape ? product(split.targetShape) : 0;
  const x = new Float32Array(rows.length * xRow);
  const y = new Int32Array(rows.length * yRow);
  const targets = split.targetShape ? new Float32Array(rows.length * targetRow) : undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    checkRow(row, split.size);
    split.writeRow(row, {
      x: x.subarray(i * xRow, (i + 1) * xRow),
      y: y.subarray(i * yRow, (i + 1) * yRow),
      ...(targets ? { targets: targets.subarray(i * targetRow, (i + 1) * targetRow) } : {}),
    });
  }
  return { x, y, ...(targets ? { targets } : {}) };
}

/**
 * Calls `visit` with every sequence of `split` in order, through one reused scratch row (so a
 * pass over the split holds one sequence at a time; copy what must outlive the call).
 */
export function forEachGeneratedRow(
  split: GeneratedSplit,
  visit: (row: number, values: GeneratedRow) => void,
): void {
  const x = new Float32Array(product(split.xShape));
  const y = new Int32Array(product(split.yShape));
  const targets = split.targetShape ? new Float32Array(product(split.targetShape)) : undefined;
  const out: GeneratedRow = { x, y, ...(targets ? { targets } : {}) };
  for (let row = 0; row < split.size; row++) {
    x.fill(0);
    y.fill(0);
    targets?.fill(0);
    split.writeRow(row, out);
    visit(row, out);
  }
}

/**
 * The split made of `rows` of `split`, in that order; still generated (no row is written here).
 *
 * @throws RangeError when a row is out of range.
 */
export function takeGeneratedRows(split: GeneratedSplit, rows: Int32Array): GeneratedSplit {
  for (const row of rows) checkRow(row, split.size);
  const source = Int32Array.from(rows);
  const validSteps = new Int32Array(source.length * 2);
  source.forEach((row, i) =>
    validSteps.set(split.validSteps.subarray(2 * row, 2 * row + 2), 2 * i),
  );
  return {
    encoding: 'generated',
    size: source.length,
    xShape: split.xShape,
    yShape: split.yShape,
    ...(split.targetShape ? { targetShape: split.targetShape } : {}),
    validSteps,
    writeRow: (row, out) => {
      checkRow(row, source.length);
      split.writeRow(source[row]!, out);
    },
  };
}

/**
 * Every sequence of `split` written out as a stored dense split with its explicit mask: the same
 * data, `size·T·(d + |y|)` values in memory (small splits, and the tasks' `generate…Split`).
 */
export function materialiseSplit(split: GeneratedSplit): MaskedDenseSplit {
  const { x, y, targets } = writeGeneratedRows(
    split,
    Int32Array.from({ length: split.size }, (_, row) => row),
  );
  const seqLength = split.xShape[0];
  const mask = new Float32Array(split.size * seqLength);
  for (let row = 0; row < split.size; row++) {
    const start = Math.max(0, split.validSteps[2 * row]!);
    const end = Math.min(seqLength, split.validSteps[2 * row + 1]!);
    if (end > start) mask.fill(1, row * seqLength + start, row * seqLength + end);
  }
  return {
    encoding: 'dense',
    x,
    y,
    mask,
    validSteps: Int32Array.from(split.validSteps),
    size: split.size,
    xShape: split.xShape,
    yShape: split.yShape,
    ...(targets && split.targetShape ? { targets, targetShape: split.targetShape } : {}),
  };
}
