import { describe, expect, it } from 'vitest';
import { EarlyStopping } from './early-stopping.js';

describe('EarlyStopping', () => {
  it('tracks the lowest val loss and stops after `patience` epochs without improvement', () => {
    const stopping = new EarlyStopping(2);
    expect(stopping.observe(1.0)).toEqual({ improved: true, shouldStop: false });
    expect(stopping.observe(0.5)).toEqual({ improved: true, shouldStop: false });
    expect(stopping.observe(0.5)).toEqual({ improved: false, shouldStop: false });
    expect(stopping.observe(0.7)).toEqual({ improved: false, shouldStop: true });
  });

  it('never counts NaN as an improvement, and the first finite loss is best', () => {
    const stopping = new EarlyStopping(1);
    expect(stopping.observe(Number.NaN)).toEqual({ improved: false, shouldStop: true });
    expect(new EarlyStopping(1).observe(3)).toEqual({ improved: true, shouldStop: false });
  });
});
