/**
 * Vocabularies as the reference builds them (torchtext `build_vocab_from_iterator`): the specials
 * first, then every token seen at least `minFrequency` times, by descending frequency, ties in
 * ascending code-point order. Unknown tokens map to `<unk>`.
 */

/** The specials of IMDB, ListOps and AAN, in id order: `<pad>` = 0, `<unk>` = 1, `<eos>` = 2. */
export const TEXT_SPECIALS = ['<pad>', '<unk>', '<eos>'] as const;
/** Id of `<pad>`. */
export const PAD_ID = 0;
/** Id of `<unk>`. */
export const UNK_ID = 1;
/** Id of `<eos>`. */
export const EOS_ID = 2;

/** A token ↔ id mapping. */
export interface Vocabulary {
  /** Token strings by id (specials first). */
  readonly tokens: readonly string[];
  /** The id of `token`, or `<unk>`'s id. */
  idOf(token: string): number;
}

/** Counts token occurrences; feed it every training sequence. */
export class TokenCounter {
  readonly counts = new Map<string, number>();

  /** Adds every token of `tokens`. */
  add(tokens: Iterable<string>): void {
    for (const token of tokens) this.counts.set(token, (this.counts.get(token) ?? 0) + 1);
  }
}

function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/**
 * Builds the vocabulary from `counter`.
 *
 * @param minFrequency - tokens seen fewer times map to `<unk>` (IMDB uses 15, the others 1)
 */
export function buildVocabulary(
  counter: TokenCounter,
  minFrequency = 1,
  specials: readonly string[] = TEXT_SPECIALS,
): Vocabulary {
  const ranked = [...counter.counts]
    .filter(([token, count]) => count >= minFrequency && !specials.includes(token))
    .sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]))
    .map(([token]) => token);
  return vocabularyFromTokens([...specials, ...ranked]);
}

/** A vocabulary from its token list (id = index), e.g. one read back from a cache. */
export function vocabularyFromTokens(tokens: readonly string[]): Vocabulary {
  const ids = new Map(tokens.map((token, id) => [token, id]));
  const unknown = ids.get('<unk>') ?? UNK_ID;
  return { tokens, idOf: (token) => ids.get(token) ?? unknown };
}
