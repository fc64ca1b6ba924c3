import { describe, expect, it } from 'vitest';
import { createLrSchedule } from './lr-schedule.js';

const base = {
  lrBase: 1,
  lrMin: 0,
  epochs: 4,
  warmupEnd: 1,
  cosineAnneal: true,
  stepsPerEpoch: 10,
};

describe('createLrSchedule', () => {
  it('rebased: warmup from base/W, then a cosine over exactly the remaining epochs', () => {
    const lr = createLrSchedule({ ...base, variant: 'rebased' });
    expect(lr(0)).toBeCloseTo(0.1);
    expect(lr(9)).toBeCloseTo(1);
    expect(lr(10)).toBeCloseTo(1); // cosine restarts at its top
    expect(lr(25)).toBeCloseTo(0.5); // half-way through the 30 decay steps
    expect(lr(40)).toBeCloseTo(0);
    expect(lr(100)).toBeCloseTo(0); // clamped
  });

  it('reference: first step at full lr, rate set after each step, cosine not re-based', () => {
    const lr = createLrSchedule({ ...base, variant: 'reference' });
    expect(lr(0)).toBe(1);
    expect(lr(1)).toBeCloseTo(0.2); // linear_warmup(step=1) = (1+1)/10
    expect(lr(10)).toBeCloseTo(1.1); // the last warmup call overshoots: (10+1)/10
    expect(lr(11)).toBeCloseTo(0.5 * (1 + Math.cos((Math.PI * 11) / 30)));
    expect(lr(30)).toBeCloseTo(0); // bottoms out warmupEnd epochs early
    expect(lr(35)).toBeCloseTo(0);
  });

  it('without warmup both variants agree (k = 1)', () => {
    const options = { ...base, warmupEnd: 0 };
    const rebased = createLrSchedule({ ...options, variant: 'rebased' });
    const reference = createLrSchedule({ ...options, variant: 'reference' });
    for (const step of [0, 1, 7, 20, 39]) expect(rebased(step)).toBeCloseTo(reference(step), 12);
  });

  it('constant without cosine; counts updates under accumulation', () => {
    expect(createLrSchedule({ ...base, variant: 'rebased', cosineAnneal: false })(30)).toBe(1);
    const accumulated = createLrSchedule({ ...base, variant: 'rebased', accumulationSteps: 2 });
    expect(accumulated(0)).toBeCloseTo(0.2); // 5 warmup updates per epoch
    const reference = createLrSchedule({ ...base, variant: 'reference', accumulationSteps: 2 });
    expect(reference(0)).toBeCloseTo(0.2); // applied on micro-batch 1: (1+1)/10
  });

  it('lr_min floors the cosine', () => {
    const lr = createLrSchedule({ ...base, lrMin: 0.1, variant: 'rebased' });
    expect(lr(40)).toBeCloseTo(0.1);
  });
});
