/**
 * The learning-signal alignment (spec 2 §9): exact at the last step (nothing lies beyond it), zero
 * for a zero synthesiser before the last step on a last-step loss, and rising towards 1 as the
 * synthesiser of a fixed linear RNN learns with λ = γ = 1 (the paper's Figure 2 in miniature).
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { expectNoLeak } from '@olrd/tensor/testing';
import { initParams, type Params } from '@olrd/core';
import { computeGradients } from '../compute-gradients.js';
import { disposeBatch, randomBatch } from '../test-helpers.js';
import { learningSignalAlignment } from './signal-alignment.js';
import { paramsWithSynthesiser, sgConfig } from './sg-test-helpers.js';

const TIME = 5;
const LR = 0.05;

describe('learningSignalAlignment', () => {
  it('is 1 at the last step of a one-layer model, whatever the synthesiser', async () => {
    const config = sgConfig({ layerCls: 'GRU', dHidden: 4 });
    const params = paramsWithSynthesiser(config, 3);
    const batch = randomBatch(config, 3, TIME, 1);
    const { perLayer, mean } = await learningSignalAlignment(params, config, batch, {});
    expect(perLayer).toHaveLength(1);
    expect(perLayer[0]).toHaveLength(TIME);
    expect(perLayer[0]![TIME - 1]).toBeCloseTo(1, 5);
    // A random synthesiser is not the future gradient.
    expect(Math.min(...(perLayer[0]!.slice(0, -1) as number[]))).toBeLessThan(0.99);
    expect(mean).not.toBeNull();
    disposeBatch(batch);
    tf.dispose(Object.values(params));
  });

  it('a zero synthesiser sends no signal before the last step of a last-step loss', async () => {
    const config = sgConfig({ layerCls: 'RNN', mode: 'last' });
    const params = initParams(config, 4);
    const batch = randomBatch(config, 2, TIME, 2);
    const { perLayer } = await learningSignalAlignment(params, config, batch, {});
    expect(perLayer[0]!.slice(0, -1)).toEqual([0, 0, 0, 0]);
    expect(perLayer[0]![TIME - 1]).toBeCloseTo(1, 5);
    disposeBatch(batch);
    tf.dispose(Object.values(params));
  });

  it('rises towards 1 as a fixed linear RNN trains its synthesiser with λ = γ = 1', async () => {
    const config = sgConfig({ layerCls: 'RNN', rnnActivation: 'linear', mode: 'last' });
    let params: Params = initParams(config, 5);
    // The toy task (spec 2 §9): one pattern, shown at t = 0 only, the class read at the end. Then
    // the future gradient is a function of h_t that a linear synthesiser can represent.
    const pattern = [1, -0.5, 0.8];
    const x = new Float32Array(4 * TIME * 3);
    for (let b = 0; b < 4; b++) x.set(pattern, b * TIME * 3);
    const batch = {
      x: tf.tensor3d(x, [4, TIME, 3]),
      y: tf.fill([4, TIME], 1, 'int32') as tf.Tensor2D,
      mask: tf.ones([4, TIME]) as tf.Tensor2D,
    };
    const before = await learningSignalAlignment(params, config, batch, {});
    for (let step = 0; step < 150; step++) {
      const { grads, logProbs } = computeGradients('bp_lambda', params, config, batch);
      const next: Params = {};
      for (const [name, p] of Object.entries(params)) {
        // Only the synthesiser moves (the fixed-RNN setting); plain gradient descent.
        next[name] = name.includes('.synth.')
          ? tf.tidy(() => tf.sub(p, tf.mul(grads[name] as tf.Tensor, LR)))
          : tf.clone(p);
      }
      tf.dispose([...Object.values(params), ...Object.values(grads), logProbs]);
      params = next;
    }
    const after = await learningSignalAlignment(params, config, batch, {});
    expect(before.mean).toBeLessThan(0.5);
    expect(after.mean).toBeGreaterThan(0.9);
    await expectNoLeak(async () => {
      await learningSignalAlignment(params, config, batch, {});
    });
    disposeBatch(batch);
    tf.dispose(Object.values(params));
  });
});
