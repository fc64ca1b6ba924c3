/**
 * The fused engine's state handling beyond the conformance suite's (engines/): `resetState`
 * restarts the chosen elements as a fresh engine with their dropout masks would, exports keep
 * float64, `setParams` takes effect, and bad inputs fail with errors that name what is wrong.
 */
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '@olrd/core';
import type { EngineTarget } from '../streaming-engine.js';
import { smallConfig } from '../test-helpers.js';
import { createFusedEngine } from './fused-engine.js';
import { randomScenario, runEngine, scenarioMasks, scenarioParams } from './fused-test-helpers.js';

/** Element `b` of a [B, size] array. */
function row(array: ArrayLike<number>, b: number, size: number): number[] {
  return Array.from(array).slice(b * size, (b + 1) * size);
}

/** Element `b`'s slice of a batch target. */
function targetOf(target: EngineTarget | null, b: number, multidim: number): EngineTarget | null {
  if (target === null) return null;
  return {
    y: target.y.slice(b * multidim, (b + 1) * multidim),
    weight: target.weight.slice(b, b + 1),
  };
}

describe('fused engine state', () => {
  const config: ModelConfig = smallConfig({
    nLayers: 2,
    mode: 'pool_st',
    multidim: 2,
    nClasses: 3,
    pDropout: 0.25,
  });
  const params = scenarioParams(config, 5);
  const scenario = randomScenario(config, 3, 10, 6, { dropoutSeed: 7 });
  const masks = scenarioMasks(config, scenario);
  const outputs = config.multidim * config.nClasses;

  it('resetState(which) restarts those elements as a fresh engine; the others continue', () => {
    const engine = createFusedEngine('online_full', params, config, 3, { dropoutMasks: masks });
    const untouched = createFusedEngine('online_full', params, config, 3, { dropoutMasks: masks });
    // Element 1 alone, from step 5 on, through a batch-1 engine with its masks.
    const fresh = createFusedEngine('online_full', params, config, 1, {
      dropoutMasks: masks.map((sites) => sites.map((mask) => mask.slice(6, 12))),
    });
    runEngine(engine, scenario, 0, 5);
    runEngine(untouched, scenario, 0, 5);
    engine.resetState([1]);
    for (let t = 5; t < 10; t++) {
      const x = scenario.xs[t]!;
      const target = scenario.targets[t] ?? null;
      const got = engine.step(x, target).logProbs;
      const continued = untouched.step(x, target).logProbs;
      const alone = fresh.step(x.slice(3, 6), targetOf(target, 1, config.multidim)).logProbs;
      expect(row(got, 1, outputs)).toEqual(Array.from(alone));
      for (const b of [0, 2]) expect(row(got, b, outputs)).toEqual(row(continued, b, outputs));
    }
    const state = engine.exportState();
    const aloneState = fresh.exportState();
    expect(state['counts']![1]).toBe(5);
    expect(row(state['hidden.1.re']!, 1, config.dHidden)).toEqual(
      Array.from(aloneState['hidden.1.re']!),
    );
    expect(row(state['traces.0.input.im']!, 1, config.dHidden * config.dModel)).toEqual(
      Array.from(aloneState['traces.0.input.im']!),
    );
    // resetState() restarts everything: the step's outputs equal a fresh engine's.
    engine.resetState();
    const restarted = createFusedEngine('online_full', params, config, 3, { dropoutMasks: masks });
    expect(engine.step(scenario.xs[0]!, null).logProbs).toEqual(
      restarted.step(scenario.xs[0]!, null).logProbs,
    );
  });

  it('exports at the precision it keeps (float64), so a checkpoint resumes bit-identically', () => {
    // Resuming itself is held to the conformance suite (engines/engine-conformance.test.ts).
    const engine = createFusedEngine('online_full', params, config, 3, { dropoutMasks: masks });
    runEngine(engine, scenario, 0, 4);
    const saved = engine.exportState();
    expect(saved['spatialGrads.decoder.kernel']).toBeInstanceOf(Float64Array);
    expect(saved['hidden.0.re']).toBeInstanceOf(Float64Array);
  });

  it('importState names a missing or mis-sized entry and changes nothing', () => {
    const engine = createFusedEngine('online_full', params, config, 3);
    const saved = engine.exportState();
    const { 'traces.1.input.re': _dropped, ...missing } = saved;
    expect(() => engine.importState(missing)).toThrow(/traces\.1\.input\.re/);
    expect(() => engine.importState({ ...saved, counts: new Float64Array(2) })).toThrow(
      /'counts' has 2 values, expected 3/,
    );
  });

  it('resetGradients zeroes the accumulators and keeps states', () => {
    const engine = createFusedEngine('online_full', params, config, 3);
    runEngine(engine, scenario, 0, 3);
    const before = engine.exportState();
    engine.resetGradients();
    const after = engine.exportState();
    expect(Object.values(engine.gradients()).every((g) => g.every((v) => v === 0))).toBe(true);
    expect(after['hidden.1.im']).toEqual(before['hidden.1.im']);
    expect(after['traces.0.input.re']).toEqual(before['traces.0.input.re']);
  });

  it('setParams takes effect (λ, B̃ and transposed kernels included)', () => {
    const other = scenarioParams(config, 8);
    const engine = createFusedEngine('online_full', params, config, 3, { dropoutMasks: masks });
    const expected = createFusedEngine('online_full', other, config, 3, { dropoutMasks: masks });
    engine.setParams(other);
    expect(runEngine(engine, scenario)).toEqual(runEngine(expected, scenario));
    const { 'decoder.bias': _bias, ...partial } = other;
    expect(() => engine.setParams(partial)).toThrow(/missing parameter 'decoder.bias'/);
  });

  it('rejects pool mode, bad sizes, bad labels and bad masks with clear errors', () => {
    expect(() => createFusedEngine('online_full', params, { ...config, mode: 'pool' }, 1)).toThrow(
      /pool_st/,
    );
    const engine = createFusedEngine('online_full', params, config, 3);
    expect(() => engine.step(new Float32Array(2), null)).toThrow(/x has 2 values/);
    const y = new Int32Array(6).fill(7);
    expect(() => engine.step(scenario.xs[0]!, { y, weight: new Float32Array(3).fill(1) })).toThrow(
      /label 7/,
    );
    expect(() =>
      createFusedEngine('online_full', params, config, 3, { dropoutMasks: [[]] }),
    ).toThrow(/dropoutMasks has 1 layers, expected 2/);
    expect(() => engine.resetState([3])).toThrow(/batch element 3/);
  });
});
