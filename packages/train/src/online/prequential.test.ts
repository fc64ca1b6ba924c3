import { describe, expect, it } from 'vitest';
import { PrequentialMeter } from './prequential.js';

describe('PrequentialMeter', () => {
  it('continues from a JSON snapshot exactly as if never stopped', () => {
    const steps = Array.from({ length: 40 }, (_, t) => ({
      loss: t % 7 === 0 ? Number.NaN : 0.1 * (t % 5),
      correct: t % 3 === 0 ? 1 : 0,
      total: t % 7 === 0 ? 0 : 1,
    }));
    const straight = new PrequentialMeter(8);
    const first = new PrequentialMeter(8);
    steps.forEach((s, t) => {
      straight.record(s.loss, s.correct, s.total);
      if (t < 25) first.record(s.loss, s.correct, s.total);
    });
    const resumed = PrequentialMeter.fromSnapshot(JSON.parse(JSON.stringify(first.snapshot())));
    steps.slice(25).forEach((s) => resumed.record(s.loss, s.correct, s.total));
    expect(resumed.overall).toEqual(straight.overall);
    expect(resumed.windowed).toEqual(straight.windowed);
    expect(resumed.snapshot()).toEqual(straight.snapshot());
  });

  it('refuses data that is not a snapshot', () => {
    const state = new PrequentialMeter(2).snapshot();
    expect(() =>
      PrequentialMeter.fromSnapshot({ ...state, recent: [state.recent, 1, 2] as never }),
    ).toThrow(/not a prequential meter snapshot/);
  });
});
