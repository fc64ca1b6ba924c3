/**
 * Python bytes literals as the LRA AAN files store their text fields (`b'...'` or `b"..."`, the
 * `repr` of a Python `bytes`): printable ASCII stands for itself and everything else is escaped
 * (`\\`, `\'`, `\"`, `\n`, `\r`, `\t`, `\a`, `\b`, `\f`, `\v`, `\xHH`, octal `\ooo`).
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
};

/** True when `text` looks like a Python bytes literal (`b'…'` or `b"…"`). */
export function isPythonBytesLiteral(text: string): boolean {
  return /^[bB](['"])[\s\S]*\1$/.test(text) && text.length >= 3;
}

/**
 * Decodes a Python bytes literal to its bytes.
 *
 * @throws SyntaxError naming the character position of a bad escape, an unescaped closing quote
 *   or a non-ASCII character (callers add the file and line).
 */
export function decodePythonBytesLiteral(text: string): Uint8Array {
  if (!isPythonBytesLiteral(text)) {
    throw new SyntaxError(
      `not a Python bytes literal (expected b'...' or b"..."): ${text.slice(0, 20)}`,
    );
  }
  const quote = text[1]!;
  const out = new Uint8Array(text.length);
  let length = 0;
  const end = text.length - 1;
  for (let i = 2; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw new SyntaxError(`non-ASCII character at position ${i}`);
    if (text[i] === quote) throw new SyntaxError(`unescaped ${quote} at position ${i}`);
    if (text[i] !== '\\') {
      out[length++] = code;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined || i + 1 >= end) {
      throw new SyntaxError(`dangling backslash at position ${i}`);
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out[length++] = simple;
      i++;
    } else if (next === 'x') {
      const hex = text.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex) || i + 3 >= end) {
        throw new SyntaxError(`bad \\x escape at position ${i}`);
      }
      out[length++] = parseInt(hex, 16);
      i += 3;
    } else if (next >= '0' && next <= '7') {
      let digits = next;
      while (
        digits.length < 3 &&
        i + 1 + digits.length < end &&
        /[0-7]/.test(text[i + 1 + digits.length]!)
      ) {
        digits += text[i + 1 + digits.length];
      }
      out[length++] = parseInt(digits, 8) & 0xff;
      i += digits.length;
    } else if (next === '\n') {
      i++;
    } else {
      // Python keeps unknown escapes verbatim (backslash included).
      out[length++] = 0x5c;
    }
  }
  return out.slice(0, length);
}
