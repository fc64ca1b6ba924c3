import { lruLambdaAt, lruLambdaVjpAt } from '@olrd/core';
import { describe, expect, it } from 'vitest';
import { createFusedEngine } from '../fused/fused-engine.js';
import { ChipLearner } from './chip-learner.js';
import { chipTestConfig, chipTestParams, chipTestSequence } from './chip-test-helpers.js';
import { parsePrecision, precisionPreset } from './precision.js';

/** The chip's gradient in spec-0 names: λ's and γ's through their parameterisation's VJP. */
function toSpec0(
  grads: Record<string, Float64Array>,
  params: Record<string, Float32Array>,
  layers: number,
): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(grads))
    if (!/rec\.(lambda_re|lambda_im|gamma)$/.test(name)) out[name] = values;
  for (let l = 0; l < layers; l++) {
    const prefix = `layers.${l}.rec.`;
    const nu = params[`${prefix}nu`]!;
    const theta = params[`${prefix}theta`]!;
    const gammaLog = params[`${prefix}gamma_log`]!;
    const dRe = grads[`${prefix}lambda_re`]!;
    const dIm = grads[`${prefix}lambda_im`]!;
    const dGamma = grads[`${prefix}gamma`]!;
    out[`${prefix}nu`] = new Float64Array(nu.length);
    out[`${prefix}theta`] = new Float64Array(nu.length);
    out[`${prefix}gamma_log`] = new Float64Array(nu.length);
    for (let j = 0; j < nu.length; j++) {
      const [re, im] = lruLambdaAt(nu[j]!, theta[j]!);
      const [dNu, dTheta] = lruLambdaVjpAt(nu[j]!, theta[j]!, dRe[j]!, dIm[j]!, re, im);
      out[`${prefix}nu`]![j] = dNu;
      out[`${prefix}theta`]![j] = dTheta;
      out[`${prefix}gamma_log`]![j] = dGamma[j]! * Math.exp(gammaLog[j]!);
    }
  }
  return out;
}

describe('ChipLearner', () => {
  it('fp32 gives the fused engine’s online_full gradient, step by step', () => {
    const config = chipTestConfig();
    const params = chipTestParams(config, 3);
    const { xs, labels } = chipTestSequence(config, 12, 4);
    const fused = createFusedEngine('online_full', params, config, 1);
    const chip = ChipLearner.createFrozen({
      config,
      params,
      precision: precisionPreset('fp32'),
      optimizer: { name: 'sgd', learningRate: 0.1 },
    });
    let compared = 0;
    for (let t = 0; t < xs.length; t++) {
      const target = labels[t]!;
      const result = fused.step(xs[t]!, target && { y: target, weight: new Float32Array([1]) });
      const step = chip.step(xs[t]!, target);
      if (target === null) continue;
      expect(step.loss).toBeCloseTo(result.loss, 4);
      const expected = fused.gradients();
      fused.resetGradients();
      const actual = toSpec0(chip.gradients(), params, config.nLayers);
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, values] of Object.entries(expected)) {
        const scale = Math.max(1e-3, ...Array.from(values, Math.abs));
        values.forEach((value, i) => {
          const error = Math.abs(actual[name]![i]! - value) / scale;
          if (error > 2e-4)
            throw new Error(`step ${t} ${name}[${i}]: chip ${actual[name]![i]} vs fused ${value}`);
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('int8 runs on integer arrays and reproduces from its seed', () => {
    const config = chipTestConfig();
    const params = chipTestParams(config, 5);
    const { xs, labels } = chipTestSequence(config, 40, 6);
    const run = () => {
      const chip = ChipLearner.create({
        config,
        params,
        precision: parsePrecision('int8'),
        optimizer: { name: 'sgd', learningRate: 0.05 },
        seed: 9,
      });
      xs.forEach((x, t) => chip.step(x, labels[t]!));
      return chip.rawArrays();
    };
    const first = run();
    expect(first['params.encoder.kernel']).toBeInstanceOf(Int8Array);
    expect(first['state.layers.0.hRe']).toBeInstanceOf(Int16Array);
    expect(first['traces.layers.1.traceBRe']).toBeInstanceOf(Int16Array);
    expect(run()).toEqual(first);
    // The parameters moved.
    const fresh = ChipLearner.create({
      config,
      params,
      precision: parsePrecision('int8'),
      optimizer: { name: 'sgd', learningRate: 0.05 },
    }).rawArrays();
    expect(first['params.decoder.kernel']).not.toEqual(fresh['params.decoder.kernel']);
  });

  it('every optimiser learns a fixed mapping at int16', () => {
    const config = chipTestConfig({ multidim: 1, nClasses: 2, nLayers: 1 });
    for (const name of ['sgd', 'momentum', 'sign-sgd'] as const) {
      const chip = ChipLearner.create({
        config,
        params: chipTestParams(config, 1),
        precision: parsePrecision('int16'),
        optimizer: { name, learningRate: name === 'sign-sgd' ? 0.002 : 0.05 },
        seed: 2,
      });
      let late = 0;
      for (let t = 0; t < 600; t++) {
        const bit = t % 3 === 0 ? 1 : 0;
        const result = chip.step([bit, 1 - bit, 0.5], Int32Array.of(bit));
        if (t >= 500) late += result.correct;
      }
      expect(late, name).toBeGreaterThan(90);
    }
  });

  it('keeps |λ| < 1 and γ > 0 and round-trips spec-0 names', () => {
    const config = chipTestConfig({ nLayers: 1 });
    const params = chipTestParams(config, 7);
    const chip = ChipLearner.create({
      config,
      params,
      precision: precisionPreset('fp32'),
      optimizer: { name: 'sign-sgd', learningRate: 0.2 },
    });
    const { xs, labels } = chipTestSequence(config, 30, 8);
    xs.forEach((x, t) => chip.step(x, labels[t]!));
    const exported = chip.exportParams();
    for (const value of exported['layers.0.rec.nu']!) expect(Number.isFinite(value)).toBe(true);
    const again = ChipLearner.create({
      config,
      params: exported,
      precision: precisionPreset('fp32'),
      optimizer: { name: 'sgd', learningRate: 0.1 },
    });
    const a = chip.rawArrays()['params.layers.0.rec.lambda_re']!;
    const b = again.rawArrays()['params.layers.0.rec.lambda_re']!;
    a.forEach((value, i) => expect(b[i]).toBeCloseTo(value, 5));
  });

  it('refuses models outside its shape, 32×32-bit products and adam on fixed params', () => {
    const base = {
      params: {},
      precision: precisionPreset('fp32'),
      optimizer: { name: 'sgd' as const, learningRate: 0.1 },
    };
    expect(() =>
      ChipLearner.create({ ...base, config: chipTestConfig({ activation: 'full_glu' }) }),
    ).toThrow(/activation 'none'/);
    expect(() => ChipLearner.create({ ...base, config: chipTestConfig({ mode: 'pool' }) })).toThrow(
      /mode 'none'/,
    );
    expect(() =>
      ChipLearner.create({ ...base, config: chipTestConfig({ layerCls: 'RNN' }) }),
    ).toThrow(/layerCls 'LRU'/);
    const config = chipTestConfig();
    const params = chipTestParams(config, 1);
    expect(() =>
      ChipLearner.create({
        ...base,
        config,
        params,
        precision: parsePrecision('params=q8.24,state=q8.24'),
      }),
    ).toThrow(/two 32-bit/);
    expect(() =>
      ChipLearner.create({
        ...base,
        config,
        params,
        precision: parsePrecision('int8'),
        optimizer: { name: 'adam', learningRate: 0.01 },
      }),
    ).toThrow(/adam needs float params/);
    expect(() =>
      ChipLearner.create({
        ...base,
        config,
        params: { ...params, 'encoder.bias': new Float32Array(1) },
      }),
    ).toThrow(/'encoder.bias' has 1 values/);
  });
});
