/**
 * A batch seen one step at a time: inputs (token ids one-hot), labels per step for every label
 * layout, the loss weights that turn `learnOne`'s per-step mean into the sequence loss, and the
 * loss and counts recovered from what `learnOne` reports. Pure arithmetic, no tensors.
 */
import { describe, expect, it } from 'vitest';
import { defaultArchitecture, type ModelConfig } from '@olrd/core';
import type { DenseArrayBatch, TokenArrayBatch } from '@olrd/data';
import { BatchSteps } from './batch-steps.js';

const config = (dInput: number, multidim: number, mode: ModelConfig['mode']): ModelConfig => ({
  ...defaultArchitecture,
  dInput,
  dModel: 4,
  dHidden: 2,
  nLayers: 1,
  nClasses: 3,
  multidim,
  mode,
  pDropout: 0,
});

// Two token sequences of T = 4 over 3 symbols, one label each; valid lengths 3 and 1.
const tokens: TokenArrayBatch = {
  encoding: 'tokens',
  x: Int32Array.of(2, 0, 1, 0, 1, 0, 0, 0),
  y: Int32Array.of(2, 1),
  mask: Float32Array.of(1, 1, 1, 0, 1, 0, 0, 0),
  size: 2,
  xShape: [2, 4, 3],
  yShape: [2],
  maskShape: [2, 4],
  indices: Int32Array.of(0, 1),
};

describe('BatchSteps', () => {
  it('one-hot inputs, the label at every step, weights m·L / Σm, last-step accuracy', () => {
    const steps = new BatchSteps(tokens, config(3, 1, 'pool_st'));
    expect(Array.from(steps.x(0))).toEqual([0, 0, 1, 0, 1, 0]);
    expect(Array.from(steps.y(3))).toEqual([2, 1]);
    // L = 3 steps carry a loss; sequence 0 has 3 valid steps, sequence 1 one.
    expect(Array.from(steps.weights(0))).toEqual([1, 3]);
    expect(Array.from(steps.weights(1))).toEqual([1, 0]);
    expect(Array.from(steps.weights(3))).toEqual([0, 0]);
    // learnOne reports the mean CE over the scored elements; say CE = 1 everywhere.
    for (let t = 0; t < 4; t++) {
      const weights = steps.weights(t);
      const scored = Array.from(weights).filter((w) => w > 0).length;
      const engineLoss = Array.from(weights).reduce((sum, w) => sum + (w / 2) * 1, 0);
      const loss = scored > 0 ? (engineLoss * 2) / scored : Number.NaN;
      steps.record(t, { loss, prediction: Int32Array.of(2, t === 0 ? 1 : 0) }, steps.y(t), weights);
    }
    // maskedLoss with CE = 1: (1/B)·Σ_b (1/S_b)·Σ_t m_bt = 1.
    expect(steps.loss).toBeCloseTo(1, 12);
    // One head: scored at each sequence's last valid step only (t = 2 and t = 0), both right.
    expect([steps.correct, steps.total]).toEqual([2, 2]);
  });

  it('labels per step and head for copy-style batches; every head at every masked step', () => {
    const dense: DenseArrayBatch = {
      encoding: 'dense',
      x: Float32Array.from({ length: 1 * 2 * 2 }, (_, i) => i),
      y: Int32Array.of(0, 1, 2, 0), // [B = 1, T = 2, heads = 2]
      mask: Float32Array.of(0, 1),
      size: 1,
      xShape: [1, 2, 2],
      yShape: [1, 2, 2],
      maskShape: [1, 2],
      indices: Int32Array.of(0),
    };
    const steps = new BatchSteps(dense, config(2, 2, 'none'));
    expect(Array.from(steps.x(1))).toEqual([2, 3]);
    expect(Array.from(steps.y(1))).toEqual([2, 0]);
    expect(Array.from(steps.weights(1))).toEqual([1]);
    steps.record(1, { loss: 0.5, prediction: Int32Array.of(2, 1) }, steps.y(1), steps.weights(1));
    expect([steps.correct, steps.total, steps.loss]).toEqual([1, 2, 0.5]);
  });

  it("scores only the last step with pooling 'last', and rejects a model of another width", () => {
    const steps = new BatchSteps(tokens, config(3, 1, 'last'));
    expect(Array.from(steps.weights(0))).toEqual([0, 0]);
    expect(Array.from(steps.weights(3))).toEqual([1, 1]);
    expect(() => new BatchSteps(tokens, config(5, 1, 'pool_st'))).toThrow(
      /the batch has 3 inputs per step, the model 5/,
    );
  });
});
