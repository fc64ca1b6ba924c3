/**
 * The reference's tokenizers (spec 3): characters (code points, Python's `list(str)`) for IMDB,
 * bytes for AAN, and the ListOps tokenizer (`]` → `X`, parentheses dropped, split on whitespace).
 */

/** Code points of `text`, as Python's `list(text)`. */
export function characterTokens(text: string): string[] {
  return Array.from(text);
}

/** The ListOps tokens of one expression. */
export function listOpsTokens(source: string): string[] {
  return source
    .replace(/\]/g, 'X')
    .replace(/[()]/g, '')
    .split(/\s+/)
    .filter((token) => token !== '');
}

/** One token per byte; printable ASCII stands for itself, other bytes are written `\xHH`. */
export function byteToken(byte: number): string {
  return byte >= 0x20 && byte < 0x7f
    ? String.fromCharCode(byte)
    : `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** The byte tokens of `bytes`. */
export function byteTokens(bytes: Uint8Array): string[] {
  return Array.from(bytes, byteToken);
}
