/**
 * Building token splits from encoded rows: ids `[n, T]`, one label per sequence, valid steps
 * `[0, length)` (the `<eos>` included), as the reference masks padded text.
 */
import type { TokenIds, TokenSplit } from '../split-types.js';

/** A {@link TokenSplit} over `labels.length` rows of `seqLength` ids. */
export function tokenSplit(
  ids: TokenIds,
  lengths: ArrayLike<number>,
  labels: ArrayLike<number>,
  seqLength: number,
  vocabularySize: number,
): TokenSplit {
  const size = labels.length;
  const validSteps = new Int32Array(size * 2);
  for (let i = 0; i < size; i++) validSteps[2 * i + 1] = lengths[i]!;
  return {
    encoding: 'tokens',
    x: ids,
    y: Int32Array.from(labels),
    yShape: [],
    validSteps,
    size,
    xShape: [seqLength, vocabularySize],
  };
}
