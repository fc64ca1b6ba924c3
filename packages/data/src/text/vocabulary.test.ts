import { describe, expect, it } from 'vitest';
import { allocateTokenIds, encodeRow } from './encode-tokens.js';
import { byteToken, characterTokens, listOpsTokens } from './tokenizers.js';
import { buildVocabulary, TokenCounter } from './vocabulary.js';

describe('vocabulary (torchtext order)', () => {
  it('puts specials first, then tokens by frequency, ties by code point, dropping rare ones', () => {
    const counter = new TokenCounter();
    counter.add(characterTokens('bbbaaacd😀😀'));
    const vocabulary = buildVocabulary(counter, 2);
    expect(vocabulary.tokens).toEqual(['<pad>', '<unk>', '<eos>', 'a', 'b', '😀']);
    expect(vocabulary.idOf('c')).toBe(1);
    expect(vocabulary.idOf('😀')).toBe(5);
  });

  it('truncates, appends <eos> and pads rows', () => {
    const vocabulary = buildVocabulary(Object.assign(new TokenCounter(), {}), 1);
    const ids = allocateTokenIds(2 * 4, vocabulary.tokens.length);
    expect(ids).toBeInstanceOf(Uint8Array);
    expect(encodeRow(['x', 'y', 'z', 'w'], vocabulary, ids, 1, 4)).toBe(4);
    expect(encodeRow([], vocabulary, ids, 0, 4)).toBe(1);
    expect([...ids]).toEqual([2, 0, 0, 0, 1, 1, 1, 2]);
    expect(allocateTokenIds(1, 300)).toBeInstanceOf(Uint16Array);
  });
});

describe('tokenizers', () => {
  it('split ListOps as the reference: ] → X, no parentheses, whitespace', () => {
    expect(listOpsTokens('( ( [MAX 2 ) ( [SM 3 4 ] ) ] )')).toEqual([
      '[MAX',
      '2',
      '[SM',
      '3',
      '4',
      'X',
      'X',
    ]);
  });

  it('name bytes readably', () => {
    expect([byteToken(65), byteToken(10), byteToken(255)]).toEqual(['A', '\\x0a', '\\xff']);
  });
});
