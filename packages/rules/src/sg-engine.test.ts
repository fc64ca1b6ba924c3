/**
 * The BP(λ) rules in the `OnlineLearner` (the shared contract is in online-learner.test.ts):
 * updating every step (Theorem A.1's truly online regime) approaches the per-sequence update as
 * the step size shrinks, `last` stops the bootstrap, and bad combinations are refused by name.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type { LearnerOptimizer } from './learner-optimizer.js';
import { OnlineLearner } from './online-learner.js';
import { paramsWithSynthesiser, sgConfig } from './bp-lambda/sg-test-helpers.js';
import { disposeBatch, randomBatch } from './test-helpers.js';
import type { LearnerSgRuleName } from './names/index.js';

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

/** Σ over parameters of ‖a − b‖ / Σ ‖b‖: one number for a whole change. */
function relativeChange(a: Float32Array[], b: Float32Array[]): number {
  let diff = 0;
  let scale = 0;
  a.forEach((values, i) => {
    const other = b[i] as Float32Array;
    values.forEach((v, j) => {
      diff += (v - (other[j] as number)) ** 2;
      scale += (other[j] as number) ** 2;
    });
  });
  return Math.sqrt(diff / scale);
}

describe.each(['bp_lambda', 'online_full_bp_lambda'] as LearnerSgRuleName[])(
  'OnlineLearner with %s',
  (rule) => {
    const config = sgConfig({
      nLayers: 2,
      ...(rule === 'bp_lambda' ? { layerCls: 'LSTM', dHidden: 4 } : {}),
    });

    /** Δθ over one sequence with updates every step or once, at gradient-descent rate `rate`. */
    function change(updateEvery: 1 | 'sequence', rate: number): Float32Array[] {
      const params = paramsWithSynthesiser(config, 3);
      const batch = randomBatch(config, 2, 8, 5);
      const learner = OnlineLearner.create({
        rule,
        config,
        params,
        optimizer: sgd(rate),
        batchSize: 2,
        updateEvery,
        synthetic: { gamma: 0.9, lambda: 0.8 },
      });
      learner.learnSequence(
        batch.x.dataSync() as Float32Array,
        batch.y.dataSync() as Int32Array,
        batch.mask.dataSync() as Float32Array,
        8,
      );
      expect(learner.counters.updates).toBe(updateEvery === 1 ? 8 : 1);
      const final = learner.params();
      const delta = Object.keys(params).map((name) =>
        tf.tidy(
          () =>
            tf.sub(final[name] as tf.Tensor, params[name] as tf.Tensor).dataSync() as Float32Array,
        ),
      );
      tf.dispose([...Object.values(final), ...Object.values(params)]);
      disposeBatch(batch);
      learner.dispose();
      return delta;
    }

    it('updating every step approaches the per-sequence update as the rate shrinks (Theorem A.1)', () => {
      const gaps = [1e-1, 1e-3].map((rate) =>
        relativeChange(change(1, rate), change('sequence', rate)),
      );
      const [large, small] = gaps as [number, number];
      // The regimes differ (the parameters move within the sequence) …
      expect(large).toBeGreaterThan(1e-3);
      // … and the gap closes with the rate, as the theorem says.
      expect(small).toBeLessThan(large / 10);
    });

    it('bootstraps nothing beyond a step marked last', () => {
      const params = paramsWithSynthesiser(config, 4);
      const seen: Params[] = [];
      const spy: LearnerOptimizer = {
        init: () => ({}),
        update: (grads) => {
          seen.push(Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.clone(g)])));
          return [
            Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.zerosLike(g)])),
            {},
          ];
        },
      };
      const x = Float32Array.from({ length: config.dInput }, (_, i) => Math.cos(i));
      const kernelGrad = (last: boolean): Float32Array => {
        const learner = OnlineLearner.create({ rule, config, params, optimizer: spy });
        learner.learnOne(x, [1]);
        learner.learnOne(x, [0], undefined, { last });
        learner.applyUpdate();
        learner.dispose();
        return (seen.at(-1) as Params)['layers.1.synth.kernel']!.dataSync() as Float32Array;
      };
      expect(Array.from(kernelGrad(true))).not.toEqual(Array.from(kernelGrad(false)));
      tf.dispose([...seen.flatMap((g) => Object.values(g)), ...Object.values(params)]);
    });
  },
);

describe('OnlineLearner BP(λ) errors', () => {
  it('names the problem and the fix', () => {
    const config = sgConfig({ nLayers: 1 });
    const params = paramsWithSynthesiser(config, 1);
    const optimizer = sgd(0.1);
    expect(() =>
      OnlineLearner.create({ rule: 'bp_lambda', config, params, optimizer, engine: 'fused' }),
    ).toThrow(/fused engine runs the LRU's online rules only; 'bp_lambda' runs on engine 'tfjs'/);
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
