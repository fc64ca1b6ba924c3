import { describe, expect, it } from 'vitest';
import { copyStream } from './copy-stream.js';
import { driftStream } from './drift-stream.js';

function take<T>(generator: Generator<T>, count: number): T[] {
  const out: T[] = [];
  for (const item of generator) {
    out.push(item);
    if (out.length === count) break;
  }
  return out;
}

describe('copyStream', () => {
  it('shows the pattern, then the stop flag, then asks for the pattern on masked steps', () => {
    const stream = copyStream({ patternLength: 3, batchSize: 2, seed: 1 });
    const steps = take(stream.steps(), 2 * 14); // T = 2·3 + 8 = 14, two sequences
    for (const offset of [0, 14]) {
      const seq = steps.slice(offset, offset + 14);
      expect(seq.map((s) => s.endOfSequence)).toEqual([...Array(13).fill(false), true]);
      expect(seq.map((s) => s.mask[0])).toEqual([...Array(11).fill(0), 1, 1, 1]);
      expect(seq[10]!.x[7]).toBe(1); // stop flag at t = P + 7
      for (let t = 0; t < 3; t++) {
        for (let b = 0; b < 2; b++) {
          expect(Array.from(seq[11 + t]!.y.subarray(b * 7, b * 7 + 7))).toEqual(
            Array.from(seq[t]!.x.subarray(b * 8, b * 8 + 7)),
          );
        }
      }
    }
    // Fresh patterns for each sequence.
    expect(Array.from(steps[0]!.x)).not.toEqual(Array.from(steps[14]!.x));
  });
});

describe('driftStream', () => {
  it('targets the bit c seen τ steps ago, and switches rule every switchEvery steps', () => {
    const stream = driftStream({
      regimes: [
        [2, 0],
        [3, 1],
      ],
      switchEvery: 50,
      seed: 2,
    });
    const steps = take(stream.steps(), 200);
    steps.forEach((step, t) => {
      const [delay, bit] = t % 100 < 50 ? [2, 0] : [3, 1];
      expect(step.regime).toBe(t % 100 < 50 ? 0 : 1);
      if (t >= delay) {
        expect(step.mask[0]).toBe(1);
        expect(step.y[0]).toBe(steps[t - delay]!.x[bit]);
      }
    });
    expect(() => driftStream({ regimes: [[2, 9]] })).toThrow(/regime bit/);
  });
});
