import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { defaultArchitecture, initParams, type ModelConfig, type Params } from '@olrd/core';
import { computeGradientsAsync } from '@olrd/rules';
import {
  alignmentModuleOf,
  alignmentStats,
  gradientAlignment,
  summarizeAlignment,
} from './gradient-alignment.js';

const tree = (values: Record<string, number[]>): Params =>
  Object.fromEntries(Object.entries(values).map(([name, v]) => [name, tf.tensor1d(v)]));

const dispose = (...trees: Params[]) => trees.forEach((t) => tf.dispose(Object.values(t)));

describe('gradientAlignment', () => {
  it('computes hand-checked cosines and norms per parameter, module, layer and overall', async () => {
    const before = tf.memory().numTensors;
    const a = tree({
      'encoder.kernel': [1, 0],
      'layers.0.rec.nu': [0, 1],
      'layers.0.glu.out2.bias': [3, 4],
    });
    const b = tree({
      'encoder.kernel': [2, 0],
      'layers.0.rec.nu': [1, 0],
      'layers.0.glu.out2.bias': [-3, -4],
    });
    const result = await gradientAlignment(a, b);
    // Overall: ⟨a,b⟩ = 2 + 0 − 25 = −23, ‖a‖² = 27, ‖b‖² = 30.
    expect(result.overall.cosine).toBeCloseTo(-23 / Math.sqrt(27 * 30), 6);
    expect(result.overall.norm).toBeCloseTo(Math.sqrt(27), 6);
    expect(result.overall.referenceNorm).toBeCloseTo(Math.sqrt(30), 6);
    expect(result.overall.relativeNorm).toBeCloseTo(Math.sqrt(27 / 30), 6);
    expect(result.modules['encoder']).toMatchObject({ cosine: 1, relativeNorm: 0.5 });
    expect(result.modules['layers.0.rec']!.cosine).toBe(0);
    expect(result.modules['layers.0.glu']!.cosine).toBeCloseTo(-1, 6);
    // Layer 0: ⟨a,b⟩ = −25, ‖a‖² = 26, ‖b‖² = 26.
    expect(result.layers).toHaveLength(1);
    expect(result.layers[0]!.cosine).toBeCloseTo(-25 / 26, 6);
    expect(result.params['layers.0.glu.out2.bias']!.norm).toBeCloseTo(5, 6);
    dispose(a, b);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps zero gradients finite', () => {
    expect(alignmentStats({ ab: 0, aa: 0, bb: 0 })).toEqual({
      cosine: 1,
      relativeNorm: 1,
      norm: 0,
      referenceNorm: 0,
    });
    expect(alignmentStats({ ab: 0, aa: 0, bb: 4 })).toMatchObject({ cosine: 0, relativeNorm: 0 });
    expect(alignmentStats({ ab: 0, aa: 4, bb: 0 })).toMatchObject({
      cosine: 0,
      relativeNorm: Infinity,
    });
  });

  it('names modules and layers from spec-0 names', () => {
    expect(alignmentModuleOf('layers.12.rec.B_re')).toBe('layers.12.rec');
    expect(alignmentModuleOf('decoder.bias')).toBe('decoder');
    const summary = summarizeAlignment({
      'layers.1.norm.scale': { ab: 1, aa: 1, bb: 1 },
    });
    expect(summary.layers).toHaveLength(2);
    expect(summary.layers[0]).toMatchObject({ cosine: 1, norm: 0 });
    expect(summary.layers[1]).toMatchObject({ cosine: 1, norm: 1 });
  });

  it('rejects gradients with different names or shapes', async () => {
    const a = tree({ 'encoder.bias': [1, 2] });
    const b = tree({ 'encoder.bias': [1, 2, 3] });
    const c = tree({ 'decoder.bias': [1, 2] });
    await expect(gradientAlignment(a, b)).rejects.toThrow(/'encoder.bias' has shape \[2\]/);
    await expect(gradientAlignment(a, c)).rejects.toThrow(/'decoder.bias' is missing/);
    dispose(a, b, c);
  });

  it('finds online_full exact above the encoder of a 1-layer LRU, online_spatial not', async () => {
    const config: ModelConfig = {
      ...defaultArchitecture,
      dInput: 3,
      dModel: 6,
      dHidden: 4,
      nLayers: 1,
      nClasses: 2,
      multidim: 1,
      pDropout: 0,
    };
    const params = initParams(config, 3);
    const batch = {
      x: tf.randomNormal([2, 7, 3], 0, 1, 'float32', 1) as tf.Tensor3D,
      y: tf.tensor2d([0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1], [2, 7], 'int32'),
      mask: tf.ones([2, 7]) as tf.Tensor2D,
    };
    const bptt = await computeGradientsAsync('bptt', params, config, batch);
    const full = await computeGradientsAsync('online_full', params, config, batch);
    const spatial = await computeGradientsAsync('online_spatial', params, config, batch);
    const fullVsBptt = await gradientAlignment(full.grads, bptt.grads);
    for (const module of ['layers.0.rec', 'layers.0.glu', 'decoder'])
      expect(fullVsBptt.modules[module]!.cosine).toBeGreaterThan(0.9999);
    expect(fullVsBptt.params['layers.0.rec.nu']!.relativeNorm).toBeCloseTo(1, 3);
    const spatialVsBptt = await gradientAlignment(spatial.grads, bptt.grads);
    expect(spatialVsBptt.params['layers.0.rec.nu']).toMatchObject({ cosine: 0, norm: 0 });
    expect(spatialVsBptt.overall.cosine).toBeLessThan(fullVsBptt.overall.cosine);
    for (const r of [bptt, full, spatial]) {
      dispose(r.grads);
      r.logProbs.dispose();
    }
    dispose(params);
    tf.dispose([batch.x, batch.y, batch.mask]);
  });
});
