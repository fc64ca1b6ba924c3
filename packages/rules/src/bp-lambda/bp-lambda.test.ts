/**
 * BP(λ) on every cell: the sequence execution (backward view) and the streaming execution
 * (eligibility traces) agree; both match the float64 oracle built from the model's own states,
 * Jacobians and immediate gradients; a zero synthesiser reduces the rules to the ones they extend;
 * the hybrid injects its synthetic gradient into the input path only; nothing leaks.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { expectNoLeak } from '@olrd/tensor/testing';
import {
  cellOf,
  decode,
  encodeSequence,
  initParams,
  maskedLoss,
  poolFeatures,
  scope,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import { type GradientOptions, type GradientResult } from '../compute-gradients.js';
import type { RuleName } from '../names/index.js';
import {
  disposeBatch,
  gradientsOn,
  mismatches,
  randomBatch,
  relativeError,
  releaseResults,
  smallConfig,
} from '../test-helpers.js';
import { lambdaTargets, regressionUpdate, type ReferenceSequence } from './bp-lambda-reference.js';
import { paramsWithSynthesiser, sgConfig } from './sg-test-helpers.js';

const TIME = 6;
const TOLERANCE = 2e-4;

function run(
  rule: RuleName,
  config: ModelConfig,
  params: Params,
  options: GradientOptions,
  seed = 3,
): GradientResult {
  const batch = randomBatch(config, 2, TIME, seed);
  return gradientsOn(rule, params, config, batch, options);
}

const release = releaseResults;

describe('bp_lambda: streaming (traces) equals sequence (backward view)', () => {
  const cases: Array<[Partial<ModelConfig>, GradientOptions]> = [
    [
      { layerCls: 'RNN', nLayers: 2 },
      { gamma: 1, lambda: 1 },
    ],
    [
      { layerCls: 'RNN', rnnActivation: 'linear' },
      { gamma: 1, lambda: 0 },
    ],
    [
      { layerCls: 'GRU', dHidden: 4 },
      { gamma: 0.9, lambda: 0.7 },
    ],
    [
      { layerCls: 'LSTM', dHidden: 3, nLayers: 2 },
      { gamma: 0.9, lambda: 1, sgWeight: 0.5 },
    ],
    [
      { layerCls: 'LRU', dHidden: 3, mode: 'pool_st' },
      { gamma: 1, lambda: 0.5 },
    ],
  ];
  it.each(cases)('%j with %j', (overrides, options) => {
    const config = sgConfig(overrides);
    const params = paramsWithSynthesiser(config, 5);
    const sequence = run('bp_lambda', config, params, { ...options, execution: 'sequence' });
    const streaming = run('bp_lambda', config, params, { ...options, execution: 'streaming' });
    expect(streaming.loss).toBeCloseTo(sequence.loss, 5);
    expect(Object.keys(sequence.grads)).toEqual(Object.keys(params));
    expect(mismatches(streaming.grads, sequence.grads, Object.keys(params), TOLERANCE)).toEqual([]);
    // The synthesiser learns: its gradient is not zero.
    expect(
      tf.tidy(() => tf.max(tf.abs(sequence.grads['layers.0.synth.kernel']!)).dataSync()[0]),
    ).toBeGreaterThan(1e-4);
    release(sequence, streaming);
    tf.dispose(Object.values(params));
  });
});

describe('online_full_bp_lambda: streaming (online_full + synthesiser traces) equals sequence', () => {
  it.each([
    [
      { nLayers: 2, mode: 'pool_st' },
      { gamma: 1, lambda: 1 },
    ],
    [
      { nLayers: 3, dHidden: 3 },
      { gamma: 0.9, lambda: 0.5, sgWeight: 0.5 },
    ],
    [
      { nLayers: 2, dHidden: 3, mode: 'last' },
      { gamma: 1, lambda: 0 },
    ],
  ] as Array<[Partial<ModelConfig>, GradientOptions]>)('%j with %j', (overrides, options) => {
    const config = sgConfig(overrides);
    const params = paramsWithSynthesiser(config, 5);
    const rule = 'online_full_bp_lambda';
    const sequence = run(rule, config, params, { ...options, execution: 'sequence' });
    const streaming = run(rule, config, params, { ...options, execution: 'streaming' });
    expect(streaming.loss).toBeCloseTo(sequence.loss, 5);
    expect(mismatches(streaming.grads, sequence.grads, Object.keys(params), TOLERANCE)).toEqual([]);
    // Not vacuous: the lower layer's synthesiser learns, and its signal changes the encoder's
    // gradient (online_full alone gives another).
    expect(
      tf.tidy(() => tf.max(tf.abs(streaming.grads['layers.0.synth.kernel']!)).dataSync()[0]),
    ).toBeGreaterThan(1e-4);
    const plain = run('online_full', config, params, { execution: 'streaming' });
    expect(
      relativeError(streaming.grads['encoder.kernel']!, plain.grads['encoder.kernel']!),
    ).toBeGreaterThan(1e-3);
    release(sequence, streaming, plain);
    tf.dispose(Object.values(params));
  });
});

describe('bp_lambda streaming on the LRU: per-unit traces equal dense ones (spec 2 §7)', () => {
  it.each([
    { gamma: 1, lambda: 1 },
    { gamma: 0.9, lambda: 0.5, sgWeight: 0.7 },
    { gamma: 1, lambda: 0 },
  ])('%j', (options) => {
    const config = sgConfig({ layerCls: 'LRU', dHidden: 3, nLayers: 2, mode: 'pool_st' });
    const params = paramsWithSynthesiser(config, 11);
    const blocks = run('bp_lambda', config, params, { ...options, execution: 'streaming' });
    const dense = run('bp_lambda', config, params, {
      ...options,
      execution: 'streaming',
      traces: 'dense',
    });
    expect(mismatches(blocks.grads, dense.grads, Object.keys(params), 1e-5)).toEqual([]);
    // Not vacuous: both layers' synthesisers receive a gradient.
    for (const layer of [0, 1])
      expect(
        tf.tidy(() => tf.max(tf.abs(blocks.grads[`layers.${layer}.synth.kernel`]!)).dataSync()[0]),
      ).toBeGreaterThan(1e-4);
    release(blocks, dense);
    tf.dispose(Object.values(params));
  });

  it('refuses an unknown trace form', () => {
    const config = sgConfig({ layerCls: 'LRU', dHidden: 3 });
    const params = paramsWithSynthesiser(config, 11);
    expect(() =>
      run('bp_lambda', config, params, {
        execution: 'streaming',
        traces: 'diagonal' as unknown as 'dense',
      }),
    ).toThrow(/traces must be 'auto' or 'dense', got 'diagonal'/);
    tf.dispose(Object.values(params));
  });
});

/** The oracle's view of one layer: states, Jacobians, B·∂L/∂s_t through the same step only. */
function referenceSequences(
  params: Params,
  config: ModelConfig,
  seed: number,
): ReferenceSequence[] {
  const batch = randomBatch(config, 2, TIME, seed);
  const cell = cellOf(config.layerCls);
  const rec = scope(params, 'layers.0.rec.');
  let inputs: tf.Tensor3D | undefined;
  const states = tf.tidy(() => {
    const exact = encodeSequence(params, config, batch.x, {
      recurrenceOf: () => (r, u) => {
        inputs = tf.keep(u as tf.Tensor3D);
        return cell.scan(r, u as tf.Tensor3D, config);
      },
    });
    exact.dispose();
    return cell.scan(rec, inputs as tf.Tensor3D, config);
  });
  // The loss as a function of the (only) layer's states: its gradient is the immediate ℓ_t.
  const immediate = tf.grad((s: tf.Tensor) => {
    const features = encodeSequence(params, config, batch.x, { recurrenceOf: () => () => s });
    return maskedLoss(
      decode(params, config, poolFeatures(features, config)) as tf.Tensor4D,
      batch.y,
      batch.mask,
      config,
    );
  })(states);
  const [b, time, size] = states.shape as [number, number, number];
  const width = (inputs as tf.Tensor3D).shape[2];
  const jacobians = tf.tidy(() => {
    const previous = tf.concat(
      [tf.zeros([b, 1, size]), tf.slice(states, [0, 0, 0], [b, time - 1, size])],
      1,
    );
    return cell.jacobian(
      rec,
      tf.reshape(previous, [b * time, size]),
      tf.reshape(inputs as tf.Tensor3D, [b * time, width]),
      config,
    );
  });
  const s = states.arraySync() as number[][][];
  const l = immediate.arraySync() as number[][][];
  const j = jacobians.arraySync() as number[][][];
  tf.dispose([states, immediate, jacobians, inputs as tf.Tensor]);
  disposeBatch(batch);
  return Array.from({ length: b }, (_, e) => ({
    states: s[e]!.map((row) => Float64Array.from(row)),
    jacobians: Array.from({ length: time }, (_, t) => Float64Array.from(j[e * time + t]!.flat())),
    immediate: l[e]!.map((row) => Float64Array.from(row, (v) => v * b)),
  }));
}

describe('bp_lambda against the float64 oracle (spec 2 §3.4)', () => {
  it.each([
    ['RNN', 0, 1],
    ['RNN', 0.5, 1],
    ['RNN', 1, 1],
    ['LSTM', 0.7, 0.9],
    ['LRU', 1, 0.9],
  ] as const)(
    '%s, λ = %s, γ = %s: the synthesiser gradient is the λ-SG regression',
    (layerCls, lambda, gamma) => {
      const config = sgConfig({ layerCls, dHidden: 3 });
      const params = paramsWithSynthesiser(config, 8);
      const sequences = referenceSequences(params, config, 3);
      const synth = {
        kernel: Float64Array.from(params['layers.0.synth.kernel']!.dataSync()),
        bias: Float64Array.from(params['layers.0.synth.bias']!.dataSync()),
      };
      const size = synth.bias.length;
      const expected = { kernel: new Float64Array(size * size), bias: new Float64Array(size) };
      for (const sequence of sequences) {
        const update = regressionUpdate(
          synth,
          sequence,
          lambdaTargets(synth, sequence, gamma, lambda),
        );
        // Descent on the batch mean: −(1/B)·Σ_b update.
        update.kernel.forEach((v, i) => (expected.kernel[i]! -= v / sequences.length));
        update.bias.forEach((v, i) => (expected.bias[i]! -= v / sequences.length));
      }
      const want = {
        kernel: tf.tensor2d(Float32Array.from(expected.kernel), [size, size]),
        bias: tf.tensor1d(Float32Array.from(expected.bias)),
      };
      for (const execution of ['sequence', 'streaming'] as const) {
        const result = run('bp_lambda', config, params, { gamma, lambda, execution });
        expect(
          relativeError(result.grads['layers.0.synth.kernel']!, want.kernel),
          execution,
        ).toBeLessThan(TOLERANCE);
        expect(
          relativeError(result.grads['layers.0.synth.bias']!, want.bias),
          execution,
        ).toBeLessThan(TOLERANCE);
        release(result);
      }
      tf.dispose([want.kernel, want.bias, ...Object.values(params)]);
    },
  );
});

describe('what the synthetic gradient changes', () => {
  it('with a zero synthesiser bp_lambda is online_1truncated and the hybrid is online_full', () => {
    for (const [rule, base, layerCls] of [
      ['bp_lambda', 'online_1truncated', 'GRU'],
      ['online_full_bp_lambda', 'online_full', 'LRU'],
    ] as const) {
      const config = sgConfig({ layerCls, nLayers: 2, dHidden: 4 });
      const params = initParams(config, 2);
      const sg = run(rule, config, params, {});
      const plain = run(base, config, params, {});
      const model = Object.keys(params).filter((n) => !n.includes('.synth.'));
      expect(mismatches(sg.grads, plain.grads, model, 1e-5), rule).toEqual([]);
      // The other rule gives the synthesiser a zero gradient; bp_lambda already learns it.
      expect(plain.grads['layers.0.synth.kernel']!.dataSync().every((v) => v === 0)).toBe(true);
      expect(
        tf.tidy(() => tf.max(tf.abs(sg.grads['layers.1.synth.bias']!)).dataSync()[0]),
      ).toBeGreaterThan(0);
      release(sg, plain);
      tf.dispose(Object.values(params));
    }
  });

  it('the hybrid sends its synthetic gradient to the layer below only, never to its own traces', () => {
    const config = sgConfig({ layerCls: 'LRU', nLayers: 2, dHidden: 3 });
    // Only layer 1 predicts: layer 1's own recurrence keeps online_full's credit, layer 0 changes.
    const params = paramsWithSynthesiser(config, 4, [1]);
    const hybrid = run('online_full_bp_lambda', config, params, {});
    const full = run('online_full', config, params, {});
    const above = Object.keys(params).filter(
      // Layer 1's pre-norm sits on its input path, which does receive the synthetic gradient.
      (n) =>
        !n.includes('.synth.') &&
        !n.startsWith('layers.1.norm.') &&
        (n.startsWith('layers.1.') || n.startsWith('decoder.')),
    );
    expect(mismatches(hybrid.grads, full.grads, above, 1e-5)).toEqual([]);
    expect(
      relativeError(hybrid.grads['layers.0.rec.B_re']!, full.grads['layers.0.rec.B_re']!),
    ).toBeGreaterThan(1e-3);
    // bp_lambda, by contrast, also drives layer 1's own parameters with ℓ + s·ĝ.
    const bp = run('bp_lambda', config, params, {});
    const truncated = run('online_1truncated', config, params, {});
    expect(
      relativeError(bp.grads['layers.1.rec.B_re']!, truncated.grads['layers.1.rec.B_re']!),
    ).toBeGreaterThan(1e-3);
    release(hybrid, full, bp, truncated);
    tf.dispose(Object.values(params));
  });

  it('from zero, the synthesiser bias moves towards the summed true future gradient (λ = γ = 1)', () => {
    // With ĝ = 0 the λ = γ = 1 targets are the true future gradients G_t (the oracle's own test
    // pins that), so the bias gradient is −(1/B)·Σ_{b,t} G_t: descent moves ĝ towards them.
    const config = sgConfig({ layerCls: 'RNN', rnnActivation: 'linear' });
    const params = initParams(config, 6);
    const result = run('bp_lambda', config, params, {});
    const sequences = referenceSequences(params, config, 3);
    const zero = { kernel: new Float64Array(25), bias: new Float64Array(5) };
    const expected = new Float64Array(5);
    for (const sequence of sequences) {
      const targets = lambdaTargets(zero, sequence, 1, 1);
      for (let t = 0; t < TIME; t++)
        targets[t]!.forEach((v, i) => (expected[i]! -= v / sequences.length));
    }
    const bias = result.grads['layers.0.synth.bias']!.dataSync();
    expect(Math.max(...Array.from(bias).map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(
      1e-4,
    );
    expect(Math.max(...Array.from(expected).map(Math.abs))).toBeGreaterThan(1e-3);
    release(result);
    tf.dispose(Object.values(params));
  });
});

describe('bp_lambda: errors and memory', () => {
  it('names the problem and the fix', () => {
    const plain = smallConfig({ layerCls: 'GRU', dModel: 5 });
    const params = initParams(plain, 1);
    expect(() => run('bp_lambda', plain, params, {})).toThrow(
      /rule 'bp_lambda' trains a synthesiser per layer, but the model has none.*synthesiser: true/,
    );
    tf.dispose(Object.values(params));
    const config = sgConfig({ layerCls: 'GRU' });
    const withSynth = initParams(config, 1);
    expect(() => run('online_full_bp_lambda', config, withSynth, {})).toThrow(
      /for GRU use 'bp_lambda'/,
    );
    expect(() => run('bp_lambda', config, withSynth, { lambda: 1.5 })).toThrow(
      /lambda must be in \[0, 1\], got 1.5/,
    );
    expect(() => run('bp_lambda', config, withSynth, { sgWeight: -1 })).toThrow(
      /sgWeight must be a number ≥ 0/,
    );
    expect(() => run('bp_lambda', { ...config, mode: 'pool' }, withSynth, {})).toThrow(
      /'pool_st' or 'none'/,
    );
    tf.dispose(Object.values(withSynth));
  });

  it.each(['sequence', 'streaming'] as const)('%s execution leaks no tensor', async (execution) => {
    const config = sgConfig({ layerCls: 'LSTM', dHidden: 3, nLayers: 2, mode: 'pool_st' });
    const params = paramsWithSynthesiser(config, 9);
    release(run('bp_lambda', config, params, { execution }));
    await expectNoLeak(() => {
      for (let i = 0; i < 3; i++) release(run('bp_lambda', config, params, { execution }, i));
    });
    const lru = sgConfig({ nLayers: 2 });
    const lruParams = paramsWithSynthesiser(lru, 9);
    release(run('online_full_bp_lambda', lru, lruParams, { execution }));
    await expectNoLeak(() => {
      for (let i = 0; i < 3; i++)
        release(run('online_full_bp_lambda', lru, lruParams, { execution }, i));
    });
    tf.dispose(Object.values(lruParams));
    tf.dispose(Object.values(params));
  });
});
