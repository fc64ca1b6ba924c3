import { describe, expect, it } from 'vitest';
import { defaultHiddenSize } from './hidden-size.js';

describe('defaultHiddenSize', () => {
  it('is H for the cells whose output is their state, the fallback otherwise', () => {
    expect(defaultHiddenSize('GRU', 64, 32)).toBe(64);
    expect(defaultHiddenSize('LSTM', 8, 32)).toBe(8);
    expect(defaultHiddenSize('LRU', 64, 32)).toBe(32);
    expect(defaultHiddenSize('RNN', 64, 32)).toBe(32);
  });
});
