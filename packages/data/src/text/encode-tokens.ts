/**
 * Numericalisation shared by the text tasks: truncate each token list to `maxTokens`, map it
 * through the vocabulary, append `<eos>`, and pad with `<pad>` (id 0) to a fixed length.
 */
import { EOS_ID, type Vocabulary } from './vocabulary.js';
import type { TokenIds } from '../split-types.js';

/** The narrowest id array for a vocabulary of `size` tokens. */
export function allocateTokenIds(length: number, size: number): TokenIds {
  if (size <= 256) return new Uint8Array(length);
  if (size <= 65536) return new Uint16Array(length);
  return new Int32Array(length);
}

/**
 * Writes `tokens` (truncated to `rowLength − 1`) then `<eos>` into `out` at row `row`, and returns
 * the valid length (tokens + 1). The rest of the row stays `<pad>`.
 */
export function encodeRow(
  tokens: readonly string[],
  vocabulary: Vocabulary,
  out: TokenIds,
  row: number,
  rowLength: number,
): number {
  const kept = Math.min(tokens.length, rowLength - 1);
  const base = row * rowLength;
  for (let i = 0; i < kept; i++) out[base + i] = vocabulary.idOf(tokens[i]!);
  out[base + kept] = EOS_ID;
  return kept + 1;
}
