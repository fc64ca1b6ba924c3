/**
 * The defining properties of the rules on whole models (spec 1 §4.3, issue "the spine" §4):
 * online_full equals BPTT on a 1-layer model for the LRU and everything above it; on a deep model
 * only the last layer is exact; sequence and streaming execution agree for every parameter.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { initParams, type ModelConfig, type Params } from '@olrd/core';
import { computeGradients } from './compute-gradients.js';
import { RULE_NAMES, type OnlineRuleName } from './names/index.js';
import {
  disposeBatch,
  mismatches,
  randomBatch,
  relativeError,
  smallConfig,
} from './test-helpers.js';

/** float32 through a few dozen ops: the documented tolerance for "exact" comparisons. */
const EXACT = 1e-4;

function gradientsOf(
  rule: (typeof RULE_NAMES)[number],
  config: ModelConfig,
  params: Params,
  seed: number,
  execution: 'sequence' | 'streaming' = 'sequence',
  dropoutSeed?: number,
) {
  const batch = randomBatch(config, 2, 7, seed);
  const result = computeGradients(rule, params, config, batch, {
    execution,
    ...(dropoutSeed === undefined ? {} : { dropoutSeed }),
  });
  disposeBatch(batch);
  return result;
}

/** The parameters at or above layer `layer`'s recurrence: its LRU and GLU, later layers, decoder. */
function aboveLayer(names: string[], layer: number): string[] {
  return names.filter((name) => {
    if (name.startsWith('decoder')) return true;
    const match = /^layers\.(\d+)\.(\w+)\./.exec(name);
    if (match === null) return false;
    const index = Number(match[1]);
    return index > layer || (index === layer && match[2] !== 'norm');
  });
}

describe('online_full vs BPTT', () => {
  it('on a 1-layer model: equal for the LRU and everything above it, different below', () => {
    const config = smallConfig();
    const params = initParams(config, 1);
    const bptt = gradientsOf('bptt', config, params, 2);
    const online = gradientsOf('online_full', config, params, 2);
    expect(online.loss).toBeCloseTo(bptt.loss, 5);
    const names = Object.keys(params);
    const exact = aboveLayer(names, 0);
    expect(exact).toContain('layers.0.rec.nu');
    expect(exact).toContain('layers.0.glu.out1.kernel');
    expect(exact).not.toContain('layers.0.norm.scale');
    expect(mismatches(online.grads, bptt.grads, exact, EXACT)).toEqual([]);
    // The encoder and the pre-norm sit below the recurrence: they only get spatial credit.
    expect(
      relativeError(online.grads['encoder.kernel']!, bptt.grads['encoder.kernel']!),
    ).toBeGreaterThan(1e-3);
    tf.dispose([
      ...Object.values(params),
      ...Object.values(bptt.grads),
      ...Object.values(online.grads),
      bptt.logProbs,
      online.logProbs,
    ]);
  });

  it('on a 3-layer model: the last layer is exact, lower layers differ', () => {
    const config = smallConfig({ nLayers: 3, mode: 'pool_st' });
    const params = initParams(config, 3);
    const bptt = gradientsOf('bptt', config, params, 4);
    const online = gradientsOf('online_full', config, params, 4);
    const names = Object.keys(params);
    expect(mismatches(online.grads, bptt.grads, aboveLayer(names, 2), EXACT)).toEqual([]);
    for (const name of [
      'layers.0.rec.nu',
      'layers.0.rec.B_re',
      'layers.1.rec.theta',
      'layers.1.glu.out1.kernel',
    ]) {
      expect(relativeError(online.grads[name]!, bptt.grads[name]!), name).toBeGreaterThan(1e-3);
    }
    tf.dispose([
      ...Object.values(params),
      ...Object.values(bptt.grads),
      ...Object.values(online.grads),
      bptt.logProbs,
      online.logProbs,
    ]);
  });

  it('online_spatial gives λ no gradient and online_1truncated differs from it only in λ', () => {
    const config = smallConfig({ nLayers: 2 });
    const params = initParams(config, 5);
    const spatial = gradientsOf('online_spatial', config, params, 6);
    const truncated = gradientsOf('online_1truncated', config, params, 6);
    const names = Object.keys(params);
    const lambdaNames = names.filter((name) => /rec\.(nu|theta)$/.test(name));
    for (const name of lambdaNames)
      expect(tf.max(tf.abs(spatial.grads[name]!)).dataSync()[0], name).toBe(0);
    expect(
      mismatches(
        truncated.grads,
        spatial.grads,
        names.filter((n) => !lambdaNames.includes(n)),
        1e-6,
      ),
    ).toEqual([]);
    for (const name of lambdaNames)
      expect(tf.norm(truncated.grads[name]!).dataSync()[0], name).toBeGreaterThan(0);
    tf.dispose([
      ...Object.values(params),
      ...Object.values(spatial.grads),
      ...Object.values(truncated.grads),
      spatial.logProbs,
      truncated.logProbs,
    ]);
  });
});

describe('sequence and streaming execution agree', () => {
  const cases: Array<[OnlineRuleName, Partial<ModelConfig>]> = [
    ['online_full', { nLayers: 2 }],
    ['online_full', { nLayers: 2, mode: 'pool_st', pDropout: 0.3 }],
    ['online_full', { nLayers: 1, mode: 'last', activation: 'half_glu2' }],
    ['online_full', { nLayers: 2, multidim: 4, nClasses: 2, activation: 'gelu', prenorm: false }],
    ['online_1truncated', { nLayers: 2, activation: 'half_glu1' }],
    ['online_spatial', { nLayers: 2, activation: 'none' }],
  ];
  it.each(cases)('%s with %j', (rule, overrides) => {
    const config = smallConfig(overrides);
    const params = initParams(config, 7);
    const dropoutSeed = config.pDropout > 0 ? 11 : undefined;
    const sequence = gradientsOf(rule, config, params, 8, 'sequence', dropoutSeed);
    const streaming = gradientsOf(rule, config, params, 8, 'streaming', dropoutSeed);
    expect(streaming.loss).toBeCloseTo(sequence.loss, 5);
    expect(streaming.logProbs.shape).toEqual(sequence.logProbs.shape);
    expect(relativeError(streaming.logProbs, sequence.logProbs)).toBeLessThan(1e-5);
    expect(mismatches(streaming.grads, sequence.grads, Object.keys(params), EXACT)).toEqual([]);
    tf.dispose([
      ...Object.values(params),
      ...Object.values(sequence.grads),
      ...Object.values(streaming.grads),
      sequence.logProbs,
      streaming.logProbs,
    ]);
  });

  it('refuses bptt in streaming execution and pool with online rules, saying what to use', () => {
    const config = smallConfig();
    const params = initParams(config, 9);
    expect(() => gradientsOf('bptt', config, params, 1, 'streaming')).toThrow(
      /execution 'sequence'/,
    );
    expect(() => gradientsOf('online_full', { ...config, mode: 'pool' }, params, 1)).toThrow(
      /pool_st/,
    );
    tf.dispose(Object.values(params));
  });
});

describe('the retrieval head (two towers)', () => {
  it('online_full on a 1-layer model still equals BPTT above the recurrence; streaming is refused', () => {
    const config = smallConfig({ retrieval: true, mode: 'pool_st' });
    const params = initParams(config, 13);
    const pairs = randomBatch(config, 4, 6, 14);
    // 4 sequences = 2 pairs: labels and mask are per pair.
    const batch = {
      x: pairs.x,
      y: tf.slice(pairs.y, [0, 0], [2, -1]),
      mask: tf.slice(pairs.mask, [0, 0], [2, -1]) as tf.Tensor2D,
    };
    const bptt = computeGradients('bptt', params, config, batch);
    const online = computeGradients('online_full', params, config, batch);
    expect(bptt.logProbs.shape).toEqual([2, 6, 1, 3]);
    const exact = aboveLayer(Object.keys(params), 0);
    expect(exact).toContain('decoder.hidden.kernel');
    expect(mismatches(online.grads, bptt.grads, exact, EXACT)).toEqual([]);
    expect(() =>
      computeGradients('online_full', params, config, batch, { execution: 'streaming' }),
    ).toThrow(/execution 'sequence'/);
    tf.dispose([
      ...Object.values(params),
      ...Object.values(bptt.grads),
      ...Object.values(online.grads),
      bptt.logProbs,
      online.logProbs,
      batch.y,
      batch.mask,
    ]);
    disposeBatch(pairs);
  });
});

describe('memory', () => {
  it('200 training steps leak no tensor (sequence), 20 (streaming)', () => {
    const config = smallConfig({ nLayers: 2, pDropout: 0.1 });
    let params = initParams(config, 10);
    const batch = randomBatch(config, 2, 6, 12);
    const train = (steps: number, execution: 'sequence' | 'streaming') => {
      for (let step = 0; step < steps; step++) {
        const { grads, logProbs } = computeGradients('online_full', params, config, batch, {
          execution,
          dropoutSeed: step,
        });
        const next = tf.tidy(() =>
          Object.fromEntries(
            Object.entries(params).map(([n, p]) => [n, tf.sub(p, tf.mul(grads[n]!, 0.01))]),
          ),
        );
        tf.dispose([...Object.values(params), ...Object.values(grads), logProbs]);
        params = next as Params;
      }
    };
    train(2, 'sequence');
    const before = tf.memory().numTensors;
    train(200, 'sequence');
    expect(tf.memory().numTensors).toBe(before);
    train(20, 'streaming');
    expect(tf.memory().numTensors).toBe(before);
    disposeBatch(batch);
    tf.dispose(Object.values(params));
  });
});
