/**
 * The split policies of spec 3 on top of whole parsed sets: a seeded validation holdout from the
 * training set (MNIST 10 %, row-MNIST 20 %, CIFAR 1 %, IMDB 10 %), a seeded 80/10/10 split of one
 * set (Pathfinder), and size limits for quick runs.
 */
import { deriveSeed } from '../prng.js';
import { allRows, holdoutRows, limitRows, takeRows } from '../split-rows.js';
import type { DatasetSplit } from '../split-types.js';
import type { FileTaskOptions } from './file-task-options.js';

/** Train, val and test splits. */
export interface SplitTriple<S extends DatasetSplit> {
  readonly train: S;
  readonly val: S;
  readonly test: S;
}

type Limits = Pick<FileTaskOptions, 'maxTrainSamples' | 'maxEvalSamples' | 'splitSeed'>;

/**
 * Holds out `⌊valFraction·n⌋` training rows as val (seeded by `splitSeed`), then applies limits.
 */
export function holdoutSplits<S extends DatasetSplit>(
  fullTrain: S,
  test: S,
  valFraction: number,
  limits: Limits,
): SplitTriple<S> {
  const { kept, heldOut } = holdoutRows(fullTrain.size, valFraction, limits.splitSeed);
  return {
    train: takeRows(
      fullTrain,
      limitRows(kept, limits.maxTrainSamples, deriveSeed(limits.splitSeed, 'train')),
    ),
    val: takeRows(
      fullTrain,
      limitRows(heldOut, limits.maxEvalSamples, deriveSeed(limits.splitSeed, 'val')),
    ),
    test: limitSplit(test, limits.maxEvalSamples, deriveSeed(limits.splitSeed, 'test')),
  };
}

/**
 * A seeded random split of one set into val `⌊n/10⌋`, test `⌊n/10⌋` and train (the rest), as the
 * reference splits Pathfinder 80/10/10 with seed 42; then limits.
 */
export function randomSplits<S extends DatasetSplit>(all: S, limits: Limits): SplitTriple<S> {
  const { kept, heldOut } = holdoutRows(all.size, 0.2, limits.splitSeed);
  const half = Math.floor(all.size / 10);
  const val = heldOut.slice(0, half);
  const test = heldOut.slice(half);
  return {
    train: takeRows(
      all,
      limitRows(kept, limits.maxTrainSamples, deriveSeed(limits.splitSeed, 'train')),
    ),
    val: takeRows(all, limitRows(val, limits.maxEvalSamples, deriveSeed(limits.splitSeed, 'val'))),
    test: takeRows(
      all,
      limitRows(test, limits.maxEvalSamples, deriveSeed(limits.splitSeed, 'test')),
    ),
  };
}

/** `split` limited to `limit` rows (0 = all) by a seeded random subset; the split itself when no cut is needed. */
export function limitSplit<S extends DatasetSplit>(split: S, limit: number, seed: number): S {
  if (limit <= 0 || limit >= split.size) return split;
  return takeRows(split, limitRows(allRows(split.size), limit, seed));
}

/** Applies the limits to splits that come from separate files (LRA). */
export function limitSplits<S extends DatasetSplit>(
  splits: SplitTriple<S>,
  limits: Limits,
): SplitTriple<S> {
  return {
    train: limitSplit(splits.train, limits.maxTrainSamples, deriveSeed(limits.splitSeed, 'train')),
    val: limitSplit(splits.val, limits.maxEvalSamples, deriveSeed(limits.splitSeed, 'val')),
    test: limitSplit(splits.test, limits.maxEvalSamples, deriveSeed(limits.splitSeed, 'test')),
  };
}
