import { describe, expect, it } from 'vitest';
import { decodePythonBytesLiteral, isPythonBytesLiteral } from './python-bytes-literal.js';

const bytes = (text: string) => [...decodePythonBytesLiteral(text)];

describe('decodePythonBytesLiteral', () => {
  it('decodes every escape Python writes in a bytes repr', () => {
    expect(bytes(String.raw`b'a\'b\\c\n\t\r\x00\xffz'`)).toEqual([
      97, 39, 98, 92, 99, 10, 9, 13, 0, 255, 122,
    ]);
    expect(bytes(String.raw`b"it's \"q\""`)).toEqual([...new TextEncoder().encode(`it's "q"`)]);
    expect(bytes(String.raw`b'\7\101\0a'`)).toEqual([7, 65, 0, 97]);
    expect(bytes(String.raw`b'\d'`)).toEqual([92, 100]);
    expect(bytes(`b''`)).toEqual([]);
  });

  it('recognises literals and rejects malformed ones', () => {
    expect(isPythonBytesLiteral(`b'x'`)).toBe(true);
    expect(isPythonBytesLiteral(`plain text`)).toBe(false);
    expect(() => decodePythonBytesLiteral(String.raw`b'\x4'`)).toThrow(
      /bad \\x escape at position 2/,
    );
    expect(() => decodePythonBytesLiteral(`b'a'b'`)).toThrow(/unescaped ' at position 3/);
    expect(() => decodePythonBytesLiteral(`b'é'`)).toThrow(/non-ASCII character at position 2/);
  });
});
