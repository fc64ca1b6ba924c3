import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  it('names out-of-memory failures and suggests what to shrink', () => {
    expect(describeError(new RangeError('Array buffer allocation failed'))).toMatch(
      /^Out of memory: RangeError: Array buffer allocation failed\. Try a smaller batch/,
    );
  });

  it('keeps other messages, and non-errors readable', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(undefined)).toBe('unknown error');
  });
});
