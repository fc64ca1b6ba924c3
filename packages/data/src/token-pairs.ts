/**
 * Document pairs (AAN retrieval) read as one sequence: document 1, then document 2 right after
 * its last valid token, then padding (id 0). This is the simple single-tower baseline that lets
 * the ordinary sequence model train on pairs; a two-tower retrieval head would read
 * `x [B, 2, L]` directly instead.
 */
import type { TokenArrayBatch, TokenPairArrayBatch } from './batch-types.js';

/**
 * The packed concatenation of each pair, `x [B, 2L]` int32. Labels, mask and shapes are already
 * in that layout, so they are shared, not copied.
 *
 * @throws RangeError when a document length exceeds the padded length L.
 */
export function concatenateTokenPairs(batch: TokenPairArrayBatch): TokenArrayBatch {
  const { size, documentLength: length, lengths } = batch;
  const x = new Int32Array(size * 2 * length);
  for (let i = 0; i < size; i++) {
    const first = lengths[2 * i]!;
    const second = lengths[2 * i + 1]!;
    if (first > length || second > length || first < 0 || second < 0) {
      throw new RangeError(`pair ${i}: document lengths ${first}, ${second} exceed ${length}`);
    }
    const source = i * 2 * length;
    x.set(batch.x.subarray(source, source + first), source);
    x.set(batch.x.subarray(source + length, source + length + second), source + first);
  }
  const {
    encoding: _encoding,
    lengths: _lengths,
    documentLength: _documentLength,
    ...rest
  } = batch;
  return { ...rest, encoding: 'tokens', x };
}
