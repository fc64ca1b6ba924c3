/**
 * What the conformance suite (engine-conformance.test.ts) does not cover: the engine choice and
 * its refusals, the exported state names that checkpoints written before the one tensor engine
 * hold, and BP(λ) in the engine: updating every step (Theorem A.1's truly online regime, spec 2
 * §3.4) approaches the per-sequence update as the step size shrinks, and `last` stops the
 * bootstrap.
 */
import { describe, expect, it } from 'vitest';
import { sgConfig } from '../bp-lambda/sg-test-helpers.js';
import { createEngine } from '../engine-factory.js';
import type { LearnerSgRuleName } from '../names/index.js';
import { disposeBatch, randomBatch, smallConfig } from '../test-helpers.js';
import { maxDifference, paramArrays, stepArrays } from './engine-test-helpers.js';
import { createTensorEngine } from './tensor-engine.js';

describe('createEngine', () => {
  const lru = smallConfig({ nLayers: 1 });
  const gru = smallConfig({ layerCls: 'GRU', dModel: 5, dHidden: 5 });
  const lruParams = paramArrays(lru, 1);
  const gruParams = paramArrays(gru, 1);

  it('picks the fused engine inside its table and the tensor engine outside it (auto)', () => {
    const picked = [
      createEngine('auto', 'online_full', lruParams, lru, 1),
      createEngine('auto', 'snap1', lruParams, lru, 1),
      createEngine('auto', 'snap1', gruParams, gru, 1),
      createEngine('tfjs', 'online_full', lruParams, lru, 1),
    ];
    expect(picked.map(({ kind }) => kind)).toEqual(['fused', 'fused', 'tfjs', 'tfjs']);
    for (const { engine } of picked) engine.dispose();
  });

  it('refuses fused outside its table, naming the fix', () => {
    expect(() => createEngine('fused', 'snap1', gruParams, gru, 1)).toThrow(
      /the fused engine runs the LRU only, not GRU: use engine 'tfjs' \(or 'auto'/,
    );
    const sg = sgConfig({ nLayers: 1 });
    const sgParams = paramArrays(sg, 1);
    expect(() => createEngine('fused', 'bp_lambda', sgParams, sg, 1)).toThrow(
      /the fused engine runs online_full, snap1, online_1truncated, online_spatial, not 'bp_lambda': use engine 'tfjs'/,
    );
    expect(() => createEngine('auto', 'rtrl' as 'snap1', lruParams, lru, 1)).toThrow(
      /rule 'rtrl' has no streaming engine/,
    );
    expect(() => createEngine('gpu' as 'auto', 'online_full', lruParams, lru, 1)).toThrow(
      /unknown engine 'gpu': use auto, fused or tfjs/,
    );
  });

  it('refuses BP(λ) without a synthesiser, on the wrong cell, or with bad options', () => {
    const sg = sgConfig({ nLayers: 1 });
    const sgParams = paramArrays(sg, 1);
    expect(() => createEngine('tfjs', 'bp_lambda', lruParams, lru, 1)).toThrow(
      /trains a synthesiser per layer, but the model has none/,
    );
    const gated = sgConfig({ layerCls: 'GRU', dHidden: 5, nLayers: 1 });
    expect(() =>
      createEngine('auto', 'online_full_bp_lambda', paramArrays(gated, 1), gated, 1),
    ).toThrow(/needs the LRU; for GRU use 'bp_lambda'/);
    expect(() => createEngine('tfjs', 'bp_lambda', sgParams, sg, 1, { lambda: 2 })).toThrow(
      /lambda must be in \[0, 1\], got 2/,
    );
  });
});

describe('exported state names', () => {
  it('keep the names checkpoints already hold: bare paths, and BP(λ) under state.', () => {
    const lru = smallConfig({ nLayers: 1 });
    const online = createTensorEngine('online_full', paramArrays(lru, 2), lru, 1);
    expect(Object.keys(online.exportState())).toEqual(
      expect.arrayContaining(['step', 'counts', 'hidden.0.re', 'traces.0.input.im']),
    );
    const gru = smallConfig({ layerCls: 'GRU', dModel: 5, dHidden: 5 });
    const cell = createTensorEngine('snap1', paramArrays(gru, 2), gru, 1);
    expect(Object.keys(cell.exportState())).toEqual(
      expect.arrayContaining(['states.0', 'traces.layers.0.rec.W_hr.0', 'grads.decoder.bias']),
    );
    const sg = sgConfig({ nLayers: 1 });
    const bp = createTensorEngine('bp_lambda', paramArrays(sg, 2), sg, 1);
    const names = Object.keys(bp.exportState()).filter((name) => name !== 'step');
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.startsWith('state.'))).toBe(true);
    for (const engine of [online, cell, bp]) engine.dispose();
  });

  it('import the other spelling too (bare or under state.) and continue the same', () => {
    const sg = sgConfig({ nLayers: 2 });
    const arrays = paramArrays(sg, 3);
    const batch = randomBatch(sg, 1, 6, 4);
    const { xs, targets } = stepArrays(batch, sg);
    const original = createTensorEngine('bp_lambda', arrays, sg, 1);
    xs.slice(0, 3).forEach((x, t) => original.step(x, targets[t]!));
    const bare = Object.fromEntries(
      Object.entries(original.exportState()).map(([name, v]) => [name.replace(/^state\./, ''), v]),
    );
    const resumed = createTensorEngine('bp_lambda', arrays, sg, 1);
    resumed.importState(bare);
    for (let t = 3; t < 6; t++) {
      const want = original.step(xs[t]!, targets[t]!, t === 5).logProbs;
      expect(maxDifference(resumed.step(xs[t]!, targets[t]!, t === 5).logProbs, want)).toBe(0);
    }
    expect(() => resumed.importState({ step: new Float32Array(1) })).toThrow(/is missing/);
    for (const engine of [original, resumed]) engine.dispose();
    disposeBatch(batch);
  });
});

describe.each(['bp_lambda', 'online_full_bp_lambda'] as LearnerSgRuleName[])(
  'the tensor engine with %s',
  (rule) => {
    const config = sgConfig({
      nLayers: 2,
      ...(rule === 'bp_lambda' ? { layerCls: 'LSTM', dHidden: 4 } : {}),
    });
    const synthetic = { gamma: 0.9, lambda: 0.8 };

    /** Δθ over one sequence of gradient descent at `rate`, updating every step or once. */
    function change(updateEvery: 1 | 'sequence', rate: number): Float32Array[] {
      const initial = paramArrays(config, 3);
      const batch = randomBatch(config, 2, 8, 5);
      const { xs, targets } = stepArrays(batch, config);
      disposeBatch(batch);
      const engine = createTensorEngine(rule, initial, config, 2, { synthetic });
      const current = { ...initial };
      const update = (): void => {
        const grads = engine.gradients();
        for (const [name, grad] of Object.entries(grads))
          current[name] = current[name]!.map((v, i) => v - rate * grad[i]!);
        engine.setParams(current);
        engine.resetGradients();
      };
      xs.forEach((x, t) => {
        engine.step(x, targets[t]!, t === xs.length - 1);
        if (updateEvery === 1) update();
      });
      if (updateEvery === 'sequence') update();
      engine.dispose();
      return Object.keys(initial).map((name) =>
        current[name]!.map((v, i) => v - initial[name]![i]!),
      );
    }

    it('updating every step approaches the per-sequence update as the rate shrinks (Theorem A.1)', () => {
      const gap = (rate: number): number => {
        const [every, once] = [change(1, rate), change('sequence', rate)];
        let diff = 0;
        let scale = 0;
        every.forEach((values, i) =>
          values.forEach((v, j) => {
            diff += (v - once[i]![j]!) ** 2;
            scale += once[i]![j]! ** 2;
          }),
        );
        return Math.sqrt(diff / scale);
      };
      const [large, small] = [gap(1e-1), gap(1e-3)];
      // The regimes differ (the parameters move within the sequence) …
      expect(large).toBeGreaterThan(1e-3);
      // … and the gap closes with the rate, as the theorem says.
      expect(small).toBeLessThan(large / 10);
    });

    it('bootstraps nothing beyond a step marked last', () => {
      const arrays = paramArrays(config, 4);
      const x = Float32Array.from({ length: 2 * config.dInput }, (_, i) => Math.cos(i));
      const target = (label: number) => ({
        y: new Int32Array([label, label]),
        weight: new Float32Array([1, 1]),
      });
      const kernelGrad = (last: boolean): Float32Array => {
        const engine = createTensorEngine(rule, arrays, config, 2, { synthetic });
        engine.step(x, target(1));
        engine.step(x, target(0), last);
        const grad = engine.gradients()['layers.1.synth.kernel']!;
        engine.dispose();
        return grad;
      };
      expect(maxDifference(kernelGrad(true), kernelGrad(false))).toBeGreaterThan(0);
    });
  },
);
