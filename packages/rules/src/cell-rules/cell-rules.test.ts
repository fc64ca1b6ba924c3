/**
 * The defining property of every rule on every cell (issue "every cell × every rule"):
 * rtrl = bptt (deep models too); snap1 = bptt where the recurrence is diagonal, and = online_full
 * on the LRU; spatial gives 0 to the weights on the recurrence and = bptt when they are 0;
 * 1-step truncation differs from spatial only on those weights; tbptt(1) = 1-step truncation and
 * tbptt(T) = bptt; streaming = sequence.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { expectNoLeak } from '@olrd/tensor/testing';
import {
  disposeMasks,
  initParams,
  type LayerClass,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import {
  computeGradients,
  sequenceGradients,
  streamingGradients,
  type GradientOptions,
  type GradientResult,
} from '../compute-gradients.js';
import type { RuleName } from '../names/index.js';
import { disposeBatch, mismatches, randomBatch, smallConfig } from '../test-helpers.js';
import { cellRecurrence } from './cell-recurrence.js';
import { cellStreamingRule } from './cell-streaming.js';

const EXACT = 1e-4;
const TIME = 5;

function configOf(layerCls: LayerClass, overrides: Partial<ModelConfig> = {}): ModelConfig {
  const square = layerCls === 'GRU' || layerCls === 'LSTM';
  return smallConfig({
    layerCls,
    dModel: 4,
    dHidden: square ? 4 : 3,
    ...(layerCls === 'RNN' ? { rnnActivation: 'tanh' as const } : {}),
    ...overrides,
  });
}

function run(
  rule: RuleName,
  config: ModelConfig,
  params: Params,
  options: GradientOptions = {},
): GradientResult {
  const batch = randomBatch(config, 2, TIME, 3);
  try {
    return computeGradients(rule, params, config, batch, options);
  } finally {
    disposeBatch(batch);
  }
}

function release(...results: (GradientResult | Params)[]): void {
  for (const r of results) {
    if ('grads' in r && 'logProbs' in r) {
      tf.dispose([...Object.values(r.grads as Params), r.logProbs as tf.Tensor]);
    } else tf.dispose(Object.values(r as Params));
  }
}

/** The parameters at or above layer 0's recurrence (what an online rule gets exactly right). */
function aboveFirstRecurrence(names: string[]): string[] {
  return names.filter((n) => !n.startsWith('encoder.') && !n.startsWith('layers.0.norm.'));
}

/** The weights a cell applies to s_{t−1} (online_spatial stops them). */
const RECURRENT_TERM_WEIGHTS: Record<LayerClass, string[]> = {
  LRU: ['nu', 'theta'],
  RNN: ['A'],
  GRU: ['W_hr', 'W_hz', 'W_hn', 'b_hn'],
  LSTM: ['W_hh'],
};

/** Zeroes the off-diagonal entries of every recurrent matrix, so the recurrence is diagonal. */
function diagonalise(params: Params, config: ModelConfig): Params {
  const out: Params = { ...params };
  const N = config.dHidden;
  for (let l = 0; l < config.nLayers; l++) {
    const p = `layers.${l}.rec.`;
    const keepDiagonal = (name: string): void => {
      const w = params[p + name] as tf.Tensor2D;
      const blocks = w.shape[1] / N;
      out[p + name] = tf.tidy(() => tf.mul(w, tf.tile(tf.eye(N), [1, blocks])));
    };
    if (config.layerCls === 'RNN') keepDiagonal('A');
    if (config.layerCls === 'GRU') ['W_hr', 'W_hz', 'W_hn'].forEach(keepDiagonal);
    if (config.layerCls === 'LSTM') keepDiagonal('W_hh');
  }
  return out;
}

const CELLS: LayerClass[] = ['LRU', 'RNN', 'GRU', 'LSTM'];

describe.each(CELLS)('%s', (layerCls) => {
  it('rtrl equals bptt for every parameter of a 2-layer model', () => {
    const config = configOf(layerCls, { nLayers: 2, mode: 'pool_st' });
    const params = initParams(config, 1);
    const bptt = run('bptt', config, params);
    const rtrl = run('rtrl', config, params, { execution: 'streaming' });
    expect(rtrl.loss).toBeCloseTo(bptt.loss, 5);
    expect(mismatches(rtrl.grads, bptt.grads, Object.keys(params), EXACT)).toEqual([]);
    release(bptt, rtrl, params);
  });

  it('snap1 equals bptt on a diagonal recurrence, for the cell and everything above it', () => {
    const config = configOf(layerCls);
    const initial = initParams(config, 2);
    const params = diagonalise(initial, config);
    const bptt = run('bptt', config, params);
    const snap = run('snap1', config, params);
    const names = aboveFirstRecurrence(Object.keys(params));
    expect(mismatches(snap.grads, bptt.grads, names, EXACT)).toEqual([]);
    // The encoder only gets the spatial error, so it differs: the comparison can fail.
    expect(mismatches(snap.grads, bptt.grads, ['encoder.kernel'], EXACT)).not.toEqual([]);
    release(bptt, snap);
    if (layerCls !== 'LRU') {
      // With the full (non-diagonal) recurrence SnAp-1 is only an approximation.
      const full = run('bptt', config, initial);
      const approx = run('snap1', config, initial);
      const recNames = names.filter((n) => n.includes('.rec.'));
      expect(mismatches(approx.grads, full.grads, recNames, EXACT)).not.toEqual([]);
      release(full, approx);
    }
    tf.dispose(Object.values(params).filter((p) => !Object.values(initial).includes(p)));
    release(initial);
  });

  if (layerCls === 'LRU' || layerCls === 'RNN') {
    it('online_spatial equals bptt, but for the recurrent-term weights, when the recurrence is zero', () => {
      const config = configOf(layerCls, { nLayers: 2 });
      const initial = initParams(config, 10);
      const params: Params = { ...initial };
      for (const l of [0, 1]) {
        const name = `layers.${l}.rec.${layerCls === 'LRU' ? 'nu' : 'A'}`;
        // LRU: |λ| = exp(−e^5) ≈ 1e-65; RNN: A = 0.
        params[name] =
          layerCls === 'LRU'
            ? tf.fill([config.dHidden], 5)
            : tf.zerosLike(initial[name] as tf.Tensor);
      }
      const spatial = run('online_spatial', config, params);
      const bptt = run('bptt', config, params);
      const recurrent = [0, 1].flatMap((l) =>
        RECURRENT_TERM_WEIGHTS[layerCls].map((n) => `layers.${l}.rec.${n}`),
      );
      const others = Object.keys(params).filter((n) => !recurrent.includes(n));
      expect(mismatches(spatial.grads, bptt.grads, others, EXACT)).toEqual([]);
      release(spatial, bptt, initial);
      tf.dispose(
        [0, 1].map(
          (l) => params[`layers.${l}.rec.${layerCls === 'LRU' ? 'nu' : 'A'}`] as tf.Tensor,
        ),
      );
    });
  }

  it('online_spatial gives 0 to the recurrent-term weights and differs from 1-step truncation only there', () => {
    const config = configOf(layerCls, { nLayers: 2 });
    const params = initParams(config, 3);
    const spatial = run('online_spatial', config, params);
    const truncated = run('online_1truncated', config, params);
    const recurrent = [0, 1].flatMap((l) =>
      RECURRENT_TERM_WEIGHTS[layerCls].map((n) => `layers.${l}.rec.${n}`),
    );
    for (const name of recurrent) {
      expect(tf.tidy(() => tf.max(tf.abs(spatial.grads[name] as tf.Tensor)).dataSync()[0])).toBe(0);
      expect(
        tf.tidy(() => tf.max(tf.abs(truncated.grads[name] as tf.Tensor)).dataSync()[0]),
      ).toBeGreaterThan(0);
    }
    const others = Object.keys(params).filter((n) => !recurrent.includes(n));
    expect(mismatches(spatial.grads, truncated.grads, others, EXACT)).toEqual([]);
    release(spatial, truncated, params);
  });

  it('tbptt with chunks of 1 is 1-step truncation, with chunks of T it is bptt', () => {
    const config = configOf(layerCls, { nLayers: 2 });
    const params = initParams(config, 4);
    const names = Object.keys(params);
    const one = run('tbptt', config, params, { truncation: 1 });
    const truncated = run('online_1truncated', config, params);
    expect(mismatches(one.grads, truncated.grads, names, EXACT)).toEqual([]);
    const whole = run('tbptt', config, params, { truncation: TIME });
    const bptt = run('bptt', config, params);
    expect(mismatches(whole.grads, bptt.grads, names, EXACT)).toEqual([]);
    release(one, truncated, whole, bptt, params);
  });

  const streamingCases: [RuleName, Partial<ModelConfig>, GradientOptions][] = [
    ['online_1truncated', { nLayers: 2 }, {}],
    ['online_spatial', { nLayers: 2, mode: 'pool_st' }, {}],
    ['snap1', { nLayers: 2, pDropout: 0.3 }, { dropoutSeed: 5 }],
    ['tbptt', { nLayers: 2, mode: 'pool_st' }, { truncation: 2 }],
    ['rtrl', { nLayers: 1, mode: 'last' }, {}],
  ];
  it.each(streamingCases)('%s: streaming equals sequence (%j)', (rule, overrides, options) => {
    const config = configOf(layerCls, overrides);
    const params = initParams(config, 5);
    const sequence = run(rule, config, params, { ...options, execution: 'sequence' });
    const streaming = run(rule, config, params, { ...options, execution: 'streaming' });
    expect(streaming.loss).toBeCloseTo(sequence.loss, 5);
    expect(mismatches(streaming.grads, sequence.grads, Object.keys(params), EXACT)).toEqual([]);
    release(sequence, streaming, params);
  });
});

describe('the generic SnAp-1 on the LRU', () => {
  it('equals online_full in both executions (a diagonal recurrence makes SnAp-1 exact)', () => {
    const config = configOf('LRU', { nLayers: 2 });
    const params = initParams(config, 6);
    const batch = randomBatch(config, 2, TIME, 7);
    const names = Object.keys(params);
    const full = computeGradients('online_full', params, config, batch);
    const sequence = sequenceGradients(
      () => cellRecurrence('snap1', config),
      params,
      config,
      batch,
      [],
    );
    const streaming = streamingGradients(
      cellStreamingRule('snap1') as Parameters<typeof streamingGradients>[0],
      params,
      config,
      batch,
      [],
    );
    expect(mismatches(sequence.grads, full.grads, names, EXACT)).toEqual([]);
    expect(mismatches(streaming.grads, full.grads, names, EXACT)).toEqual([]);
    tf.dispose([sequence.loss, streaming.loss, sequence.logProbs, streaming.logProbs]);
    release(full, sequence.grads, streaming.grads, params);
    disposeBatch(batch);
  });
});

describe('errors and memory', () => {
  it('refuses online_full on a non-diagonal cell and an rtrl model over the memory bound', () => {
    const config = configOf('GRU');
    const params = initParams(config, 8);
    expect(() => run('online_full', config, params)).toThrow(/snap1.*rtrl/);
    expect(() => run('rtrl', config, params, { maxSensitivityBytes: 1000 })).toThrow(
      /MiB of sensitivities .* use a smaller model/,
    );
    expect(() => run('tbptt', config, params, { truncation: 0 })).toThrow(/truncation/);
    release(params);
  });

  it.each(['snap1', 'tbptt', 'rtrl'] as const)('%s streaming leaks no tensor', async (rule) => {
    const config = configOf('LSTM', { mode: 'pool_st', pDropout: 0.2 });
    const params = initParams(config, 9);
    run(rule, config, params, { execution: 'streaming', dropoutSeed: 1, truncation: 2 }); // warm-up
    await expectNoLeak(() => {
      for (let i = 0; i < 3; i++) {
        const result = run(rule, config, params, {
          execution: 'streaming',
          dropoutSeed: i,
          truncation: 2,
        });
        release(result);
      }
    });
    release(params);
  });
});

export { disposeMasks };
