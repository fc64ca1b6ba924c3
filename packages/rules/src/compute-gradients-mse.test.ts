/**
 * The regression readout (`loss: 'mse'`, the BP(λ) toy task) through every rule: sequence and
 * streaming execution give the same loss and gradient, the exact rules (rtrl, tbptt over the whole
 * sequence, online_full on a 1-layer LRU above the recurrence) equal BPTT, and the streaming
 * engines, which speak integer labels, refuse the readout with a message.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { expectNoLeak } from '@olrd/tensor/testing';
import {
  initParams,
  maskedMse,
  normalArray,
  uniformGenerator,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import {
  computeGradients,
  type Batch,
  type GradientOptions,
  type GradientResult,
} from './compute-gradients.js';
import { createEngine } from './engine-factory.js';
import type { RuleName } from './names/index.js';
import {
  disposeBatch,
  gradientsOn,
  mismatches,
  relativeError,
  releaseResults,
  smallConfig,
} from './test-helpers.js';

const EXACT = 1e-4;
const TIME = 6;

function mseConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return smallConfig({ loss: 'mse', nClasses: 1, multidim: 2, ...overrides });
}

/**
 * Float targets, as the training loop uploads them: one per sequence [B, multidim] with the mask on
 * the last step (bp-toy), or one per step [B, T, multidim] with a few masked-out steps.
 */
function regressionBatch(config: ModelConfig, perStep: boolean, seed: number): Batch {
  const uniform = uniformGenerator(seed);
  const batch = 2;
  const mask = new Float32Array(batch * TIME);
  if (perStep) {
    mask.fill(1);
    mask[TIME] = 0;
    mask[TIME + 1] = 0;
  } else for (let b = 0; b < batch; b++) mask[b * TIME + TIME - 1] = 1;
  const targetShape = perStep ? [batch, TIME, config.multidim] : [batch, config.multidim];
  const size = targetShape.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor3d(normalArray(uniform, batch * TIME * config.dInput), [
      batch,
      TIME,
      config.dInput,
    ]),
    y: tf.tensor(normalArray(uniform, size), targetShape, 'float32'),
    mask: tf.tensor2d(mask, [batch, TIME]),
  };
}

function run(
  rule: RuleName,
  config: ModelConfig,
  params: Params,
  perStep: boolean,
  options: GradientOptions = {},
): GradientResult {
  const batch = regressionBatch(config, perStep, 3);
  return gradientsOn(rule, params, config, batch, options);
}

const release = releaseResults;

const cases: Array<[RuleName, Partial<ModelConfig>, boolean]> = [
  ['online_full', { nLayers: 2 }, false],
  ['online_full', { nLayers: 2, mode: 'pool_st', pDropout: 0.3 }, true],
  ['online_full', { mode: 'last' }, true],
  ['online_1truncated', { nLayers: 2 }, true],
  ['online_spatial', { nLayers: 2, activation: 'none' }, false],
  ['snap1', { layerCls: 'RNN', rnnActivation: 'linear', activation: 'none' }, false],
  ['online_1truncated', { layerCls: 'GRU', dHidden: 6 }, true],
  ['online_spatial', { layerCls: 'LSTM', dHidden: 6, mode: 'pool_st' }, false],
  ['tbptt', { layerCls: 'RNN', nLayers: 2 }, true],
  ['rtrl', { layerCls: 'GRU', dHidden: 6 }, false],
];

describe('an mse readout: sequence and streaming execution agree', () => {
  it.each(cases)('%s with %j (per-step targets: %s)', (rule, overrides, perStep) => {
    const config = mseConfig(overrides);
    const params = initParams(config, 7);
    const options: GradientOptions = {
      truncation: 2,
      ...(config.pDropout > 0 ? { dropoutSeed: 11 } : {}),
    };
    const sequence = run(rule, config, params, perStep, { ...options, execution: 'sequence' });
    const streaming = run(rule, config, params, perStep, { ...options, execution: 'streaming' });
    expect(sequence.loss).toBeGreaterThan(0);
    expect(streaming.loss).toBeCloseTo(sequence.loss, 5);
    expect(streaming.logProbs.shape).toEqual(sequence.logProbs.shape);
    expect(sequence.logProbs.shape.slice(2)).toEqual([2, 1]);
    expect(relativeError(streaming.logProbs, sequence.logProbs)).toBeLessThan(1e-5);
    expect(mismatches(streaming.grads, sequence.grads, Object.keys(params), EXACT)).toEqual([]);
    release(sequence, streaming);
    tf.dispose(Object.values(params));
  });
});

describe('an mse readout: the exact rules equal BPTT', () => {
  it('bptt minimises the masked MSE it reports (the loss is maskedMse of the predictions)', () => {
    const config = mseConfig();
    const params = initParams(config, 1);
    const batch = regressionBatch(config, false, 3);
    const bptt = computeGradients('bptt', params, config, batch);
    const direct = maskedMse(bptt.logProbs, batch.y, batch.mask);
    expect(bptt.loss).toBeCloseTo(direct.dataSync()[0]!, 6);
    // Only the last step is scored: 0.5·Σ_b mean over the two outputs of (pred − target)².
    const manual = tf.tidy(() => {
      const last = tf.squeeze(tf.slice(bptt.logProbs, [0, TIME - 1, 0, 0], [-1, 1, -1, -1]));
      return tf.mean(tf.squaredDifference(last, batch.y)).dataSync()[0]!;
    });
    expect(bptt.loss).toBeCloseTo(manual, 6);
    tf.dispose(direct);
    release(bptt);
    disposeBatch(batch);
    tf.dispose(Object.values(params));
  });

  it.each([
    ['rtrl', 'GRU', { execution: 'streaming' }],
    ['tbptt', 'LSTM', { execution: 'streaming', truncation: TIME }],
  ] as const)('%s on a 2-layer %s', (rule, layerCls, options) => {
    const config = mseConfig({ layerCls, dHidden: 6, nLayers: 2, mode: 'pool_st' });
    const params = initParams(config, 2);
    const bptt = run('bptt', config, params, true);
    const exact = run(rule, config, params, true, options);
    expect(exact.loss).toBeCloseTo(bptt.loss, 5);
    expect(mismatches(exact.grads, bptt.grads, Object.keys(params), EXACT)).toEqual([]);
    release(bptt, exact);
    tf.dispose(Object.values(params));
  });

  it('online_full on a 1-layer LRU, for the recurrence and everything above it', () => {
    const config = mseConfig();
    const params = initParams(config, 4);
    const bptt = run('bptt', config, params, false);
    const online = run('online_full', config, params, false, { execution: 'streaming' });
    const above = Object.keys(params).filter(
      (n) => !n.startsWith('encoder.') && !n.startsWith('layers.0.norm.'),
    );
    expect(mismatches(online.grads, bptt.grads, above, EXACT)).toEqual([]);
    release(bptt, online);
    tf.dispose(Object.values(params));
  });
});

describe('an mse readout: errors and memory', () => {
  it('the streaming engines (and so the OnlineLearner) refuse it, naming the way round', () => {
    const config = mseConfig();
    const params = initParams(config, 5);
    const arrays = Object.fromEntries(
      Object.entries(params).map(([n, p]) => [n, p.dataSync() as Float32Array]),
    );
    for (const kind of ['auto', 'fused', 'tfjs'] as const) {
      expect(() => createEngine(kind, 'online_full', arrays, config, 1)).toThrow(
        /classification heads only .* loss 'mse' streams through computeGradients/,
      );
    }
    expect(() =>
      createEngine('tfjs', 'snap1', arrays, { ...config, layerCls: 'GRU', dHidden: 6 }, 1),
    ).toThrow(/loss 'mse'/);
    tf.dispose(Object.values(params));
  });

  it.each(['online_full', 'snap1', 'tbptt'] as const)(
    '%s streaming leaks no tensor',
    async (rule) => {
      const config = mseConfig({ mode: 'pool_st', nLayers: 2 });
      const params = initParams(config, 9);
      release(run(rule, config, params, true, { execution: 'streaming', truncation: 2 }));
      await expectNoLeak(() => {
        for (let i = 0; i < 3; i++)
          release(
            run(rule, config, params, i % 2 === 0, { execution: 'streaming', truncation: 2 }),
          );
      });
      tf.dispose(Object.values(params));
    },
  );
});
