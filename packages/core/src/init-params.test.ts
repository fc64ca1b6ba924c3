import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { inferModelConfig, initParams, paramShapes } from './init-params.js';
import { defaultArchitecture, type ModelConfig } from './model-config.js';

const config: ModelConfig = {
  ...defaultArchitecture,
  dInput: 8,
  dModel: 12,
  dHidden: 6,
  nLayers: 2,
  nClasses: 2,
  multidim: 7,
};

describe('initParams', () => {
  it('creates exactly the spec-0 names with the shapes of paramShapes', () => {
    const params = initParams(config, 0);
    const shapes = paramShapes(config);
    expect(Object.keys(params)).toEqual(Object.keys(shapes));
    for (const [name, shape] of Object.entries(shapes))
      expect(params[name]!.shape, name).toEqual(shape);
    expect(shapes['layers.1.rec.B_im']).toEqual([6, 12]);
    expect(shapes['layers.0.glu.out1.kernel']).toEqual([12, 12]);
    expect(shapes['decoder.kernel']).toEqual([12, 14]);
    tf.dispose(Object.values(params));
  });

  it('is deterministic in the seed and differs across seeds', () => {
    const a = initParams(config, 5),
      b = initParams(config, 5),
      c = initParams(config, 6);
    expect(Array.from(a['layers.0.rec.nu']!.dataSync())).toEqual(
      Array.from(b['layers.0.rec.nu']!.dataSync()),
    );
    expect(Array.from(a['encoder.kernel']!.dataSync())).toEqual(
      Array.from(b['encoder.kernel']!.dataSync()),
    );
    expect(Array.from(a['encoder.kernel']!.dataSync())).not.toEqual(
      Array.from(c['encoder.kernel']!.dataSync()),
    );
    tf.dispose([...Object.values(a), ...Object.values(b), ...Object.values(c)]);
  });

  it('omits GLU parameters the activation does not use', () => {
    expect(
      Object.keys(paramShapes({ ...config, activation: 'half_glu1' })).filter((n) =>
        n.includes('glu'),
      ),
    ).toEqual([
      'layers.0.glu.out2.kernel',
      'layers.0.glu.out2.bias',
      'layers.1.glu.out2.kernel',
      'layers.1.glu.out2.bias',
    ]);
    expect(
      Object.keys(paramShapes({ ...config, activation: 'gelu' })).some((n) => n.includes('glu')),
    ).toBe(false);
  });

  it('rejects a bad configuration naming the field', () => {
    expect(() => initParams({ ...config, dModel: 0 }, 0)).toThrow(/dModel/);
    expect(() => initParams({ ...config, rMin: 0.9, rMax: 0.5 }, 0)).toThrow(/rMin/);
    expect(() => initParams({ ...config, activation: 'relu' as never }, 0)).toThrow(/full_glu/);
    expect(() => initParams({ ...config, loss: 'l1' as never }, 0)).toThrow(
      /loss must be one of cross_entropy, mse, got l1/,
    );
    expect(() => initParams({ ...config, loss: 'mse' }, 0)).toThrow(/nClasses must be 1, got 2/);
  });

  it('gives an mse readout one decoder output per head', () => {
    const regression = { ...config, loss: 'mse' as const, nClasses: 1, multidim: 2 };
    expect(paramShapes(regression)['decoder.kernel']).toEqual([12, 2]);
  });
});

describe('inferModelConfig', () => {
  it('recovers the sizes from shapes', () => {
    const inferred = inferModelConfig(paramShapes(config), { ...defaultArchitecture, multidim: 7 });
    expect(inferred).toMatchObject({
      dInput: 8,
      dModel: 12,
      dHidden: 6,
      nLayers: 2,
      nClasses: 2,
      multidim: 7,
    });
  });
  it('makes every decoder output a head of an mse readout', () => {
    const shapes = paramShapes({ ...config, loss: 'mse', nClasses: 1, multidim: 2 });
    expect(inferModelConfig(shapes, { ...defaultArchitecture, loss: 'mse' })).toMatchObject({
      loss: 'mse',
      nClasses: 1,
      multidim: 2,
    });
    expect(() =>
      inferModelConfig(shapes, { ...defaultArchitecture, loss: 'mse', multidim: 1 }),
    ).toThrow(/2 outputs, but an mse readout with multidim=1 has 1/);
  });

  it('names a missing tensor', () => {
    const shapes = paramShapes(config);
    delete shapes['encoder.kernel'];
    expect(() => inferModelConfig(shapes, defaultArchitecture)).toThrow(/encoder\.kernel/);
  });
});
