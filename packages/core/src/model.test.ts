import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { drawDropoutMasks, disposeMasks } from './dropout.js';
import { initParams } from './init-params.js';
import { decode, encodeSequence, forward, poolFeatures } from './model.js';
import { defaultArchitecture, type ModelConfig } from './model-config.js';

const config: ModelConfig = {
  ...defaultArchitecture,
  dInput: 3,
  dModel: 8,
  dHidden: 4,
  nLayers: 2,
  nClasses: 3,
  multidim: 2,
};

describe('forward', () => {
  it('gives normalised log-probabilities [B, T, multidim, C] (T = 1 for last and pool)', () => {
    const params = initParams(config, 1);
    const x = tf.randomNormal([2, 5, 3]) as tf.Tensor3D;
    for (const [mode, time] of [
      ['none', 5],
      ['pool_st', 5],
      ['last', 1],
      ['pool', 1],
    ] as const) {
      const logProbs = forward(params, { ...config, mode }, x);
      expect(logProbs.shape).toEqual([2, time, 2, 3]);
      const sums = tf.tidy(() => tf.sum(tf.exp(logProbs), -1).dataSync());
      sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
      logProbs.dispose();
    }
    tf.dispose([...Object.values(params), x]);
  });

  it('gives raw predictions [B, T, multidim, 1] with an mse readout (no log-softmax)', () => {
    const regression: ModelConfig = { ...config, loss: 'mse', nClasses: 1 };
    const params = initParams(regression, 1);
    const x = tf.randomNormal([2, 5, 3]) as tf.Tensor3D;
    const predictions = forward(params, regression, x);
    expect(predictions.shape).toEqual([2, 5, 2, 1]);
    // The decoder's affine output itself: a log-softmax over one class would be all zeros.
    const expected = tf.tidy(() => {
      const features = encodeSequence(params, regression, x);
      return tf.reshape(
        tf.add(
          tf.matMul(tf.reshape(features, [10, 8]), params['decoder.kernel']!),
          params['decoder.bias']!,
        ),
        [2, 5, 2, 1],
      );
    });
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(predictions, expected))).dataSync()[0])).toBeLessThan(
      1e-5,
    );
    expect(tf.tidy(() => tf.max(tf.abs(predictions)).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([...Object.values(params), x, predictions, expected]);
  });

  it('is causal: outputs at t do not depend on inputs after t', () => {
    const params = initParams(config, 2);
    const x = tf.randomNormal([1, 6, 3]) as tf.Tensor3D;
    const changed = tf.concat(
      [tf.slice(x, [0, 0, 0], [1, 4, 3]), tf.randomNormal([1, 2, 3])],
      1,
    ) as tf.Tensor3D;
    const a = forward(params, { ...config, mode: 'pool_st' }, x);
    const b = forward(params, { ...config, mode: 'pool_st' }, changed);
    const first = (t: tf.Tensor) =>
      Array.from(tf.slice(t, [0, 0, 0, 0], [1, 4, -1, -1]).dataSync());
    expect(first(b)).toEqual(first(a));
    tf.dispose([...Object.values(params), x, changed, a, b]);
  });
});

describe('pool_st', () => {
  it('is the running mean forward and the identity backward', () => {
    const features = tf.tensor3d([[[1], [3], [8]]]);
    const pooled = poolFeatures(features, { ...config, mode: 'pool_st' });
    expect(Array.from(pooled.dataSync())).toEqual([1, 2, 4]);
    const weights = tf.tensor3d([[[1], [10], [100]]]);
    const grad = tf.grad((f: tf.Tensor) =>
      tf.sum(tf.mul(poolFeatures(f as tf.Tensor3D, { ...config, mode: 'pool_st' }), weights)),
    )(features);
    expect(Array.from(grad.dataSync())).toEqual([1, 10, 100]);
    tf.dispose([features, pooled, weights, grad]);
  });
});

describe('dropout', () => {
  it('uses one mask per sequence for every time step, with kept units scaled by 1/(1−p)', () => {
    const masks = drawDropoutMasks({ ...config, pDropout: 0.5 }, 3, 7);
    expect(masks).toHaveLength(2);
    expect(masks[0]).toHaveLength(2);
    const values = new Set(Array.from(masks[0]![0]!.dataSync()));
    expect([...values].sort()).toEqual([0, 2]);
    // The same masks make the dropped-out model deterministic, and different from no dropout.
    const params = initParams(config, 3);
    const x = tf.randomNormal([3, 4, 3]) as tf.Tensor3D;
    const a = encodeSequence(params, config, x, { dropoutMasks: masks });
    const b = encodeSequence(params, config, x, { dropoutMasks: masks });
    const c = encodeSequence(params, config, x);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    expect(drawDropoutMasks({ ...config, pDropout: 0 }, 3, 7)).toEqual([]);
    disposeMasks(masks);
    tf.dispose([...Object.values(params), x, a, b, c]);
  });
});

describe('decode', () => {
  it('leaks no tensor inside forward', () => {
    const params = initParams(config, 4);
    const x = tf.randomNormal([2, 3, 3]) as tf.Tensor3D;
    forward(params, config, x).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) forward(params, config, x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    const logProbs = tf.tidy(() => decode(params, config, tf.zeros([2, 8])));
    expect(logProbs.shape).toEqual([2, 2, 3]);
    tf.dispose([...Object.values(params), x, logProbs]);
  });
});

describe('the retrieval head', () => {
  const retrieval: ModelConfig = {
    ...config,
    multidim: 1,
    nClasses: 2,
    retrieval: true,
    mode: 'pool',
  };

  it('encodes both documents with the same layers and predicts one label per pair', () => {
    const params = initParams(retrieval, 3);
    expect(params['decoder.hidden.kernel']?.shape).toEqual([32, 8]);
    const first = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 1);
    const second = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 2);
    const logProbs = forward(params, retrieval, tf.concat([first, second]) as tf.Tensor3D);
    expect(logProbs.shape).toEqual([2, 1, 1, 2]);
    // Swapping the towers changes the prediction (u − v is not symmetric), so the pairing matters.
    const swapped = forward(params, retrieval, tf.concat([second, first]) as tf.Tensor3D);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(logProbs, swapped))).dataSync()[0]);
    expect(difference).toBeGreaterThan(1e-4);
    expect(() =>
      forward(params, retrieval, tf.slice(first, [0, 0, 0], [1, -1, -1]) as tf.Tensor3D),
    ).toThrow(/even number/);
    tf.dispose([...Object.values(params), first, second, logProbs, swapped]);
  });
});
