import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { inferModelConfig, initParams, paramShapes } from './init-params.js';
import { defaultArchitecture, type ModelConfig } from './model-config.js';
import { isSynthesiserParam, synthesise, synthesiserSize } from './synthesiser.js';

const config: ModelConfig = {
  ...defaultArchitecture,
  dInput: 3,
  dModel: 8,
  dHidden: 5,
  nLayers: 2,
  nClasses: 2,
  multidim: 1,
  synthesiser: true,
};

describe('the per-layer synthesiser', () => {
  it('acts on the whole cell state: k·N wide (LRU [re; im], LSTM [h; c], RNN h)', () => {
    expect(synthesiserSize(config)).toBe(10);
    expect(synthesiserSize({ layerCls: 'LSTM', dHidden: 5 })).toBe(10);
    expect(synthesiserSize({ layerCls: 'RNN', dHidden: 5 })).toBe(5);
    const shapes = paramShapes({ ...config, layerCls: 'LSTM' });
    expect(shapes['layers.1.synth.kernel']).toEqual([10, 10]);
    expect(shapes['layers.1.synth.bias']).toEqual([10]);
    expect(paramShapes({ ...config, synthesiser: undefined })['layers.0.synth.kernel']).toBe(
      undefined,
    );
  });

  it('starts at zero, so the first synthetic gradients are 0', () => {
    const params = initParams(config, 3);
    expect(Object.keys(params).filter(isSynthesiserParam)).toEqual([
      'layers.0.synth.kernel',
      'layers.0.synth.bias',
      'layers.1.synth.kernel',
      'layers.1.synth.bias',
    ]);
    expect(Math.max(...params['layers.1.synth.kernel']!.dataSync())).toBe(0);
    expect(Math.min(...params['layers.1.synth.kernel']!.dataSync())).toBe(0);
    expect(isSynthesiserParam('layers.0.rec.nu')).toBe(false);
    tf.dispose(Object.values(params));
  });

  it('computes g(s) = s·K + b on any leading shape', () => {
    const params = {
      'layers.0.synth.kernel': tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      'layers.0.synth.bias': tf.tensor1d([0.5, -1]),
    };
    const s = tf.tensor3d([[[1, 1]], [[2, 0]]]);
    const g = synthesise(params, 0, s);
    expect(g.shape).toEqual([2, 1, 2]);
    expect(Array.from(g.dataSync())).toEqual([4.5, 5, 2.5, 3]);
    expect(() => synthesise(params, 1, s)).toThrow(/missing parameter 'layers.1.synth.kernel'/);
    tf.dispose([...Object.values(params), s, g]);
  });

  it('is recognised in a checkpoint', () => {
    const shapes = paramShapes(config);
    expect(inferModelConfig(shapes, defaultArchitecture).synthesiser).toBe(true);
    delete shapes['layers.0.synth.kernel'];
    delete shapes['layers.0.synth.bias'];
    delete shapes['layers.1.synth.kernel'];
    delete shapes['layers.1.synth.bias'];
    expect(inferModelConfig(shapes, defaultArchitecture).synthesiser).toBe(undefined);
  });
});
