/**
 * The BP(λ) options in the `OnlineLearner` (the shared contract is in online-learner.test.ts; the
 * engine's BP(λ) behaviour, Theorem A.1 and `last`, in engines/tensor-engine.test.ts): refused for
 * other rules or out of range, and saved with the checkpoint.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import type { LearnerOptimizer } from './learner-optimizer.js';
import { OnlineLearner } from './online-learner.js';
import { paramsWithSynthesiser, sgConfig } from './bp-lambda/sg-test-helpers.js';

/** Plain gradient descent. */
function sgd(rate: number): LearnerOptimizer {
  return {
    init: () => ({}),
    update: (grads) => [
      Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.mul(g, -rate)])),
      {},
    ],
  };
}

describe('OnlineLearner BP(λ) errors', () => {
  it('names the problem and the fix', () => {
    const config = sgConfig({ nLayers: 1 });
    const params = paramsWithSynthesiser(config, 1);
    const optimizer = sgd(0.1);
    expect(() =>
      OnlineLearner.create({ rule: 'bp_lambda', config, params, optimizer, engine: 'fused' }),
    ).toThrow(/the fused engine runs .*, not 'bp_lambda': use engine 'tfjs'/);
    expect(() =>
      OnlineLearner.create({
        rule: 'online_full',
        config,
        params,
        optimizer,
        synthetic: { lambda: 0.5 },
      }),
    ).toThrow(/synthetic \(γ, λ, s\) is for the BP\(λ\) rules/);
    expect(() =>
      OnlineLearner.create({
        rule: 'bp_lambda',
        config,
        params,
        optimizer,
        synthetic: { lambda: 2 },
      }),
    ).toThrow(/lambda must be in \[0, 1\], got 2/);
    const gru = sgConfig({ layerCls: 'GRU', dHidden: 5, nLayers: 1 });
    const gruParams = paramsWithSynthesiser(gru, 1);
    expect(() =>
      OnlineLearner.create({
        rule: 'online_full_bp_lambda',
        config: gru,
        params: gruParams,
        optimizer,
      }),
    ).toThrow(/needs the LRU; for GRU use 'bp_lambda'/);
    tf.dispose([...Object.values(params), ...Object.values(gruParams)]);
  });

  it('saves and restores γ, λ and s with the checkpoint', () => {
    const config = sgConfig({ nLayers: 1 });
    const params = paramsWithSynthesiser(config, 2);
    const learner = OnlineLearner.create({
      rule: 'bp_lambda',
      config,
      params,
      optimizer: sgd(0.1),
      synthetic: { gamma: 0.5, lambda: 0.25, sgWeight: 2 },
    });
    const loaded = OnlineLearner.load(learner.save(), sgd(0.1));
    expect(loaded.synthetic).toEqual({ gamma: 0.5, lambda: 0.25, sgWeight: 2 });
    expect(loaded.rule).toBe('bp_lambda');
    learner.dispose();
    loaded.dispose();
    tf.dispose(Object.values(params));
  });
});
