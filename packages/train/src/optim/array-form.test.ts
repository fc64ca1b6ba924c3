import { describe, expect, it } from 'vitest';
import { defaultArchitecture, initParams, type Params } from '@olrd/core';
import type { ArrayParams } from '@olrd/core/spec';
import { normalArray, uniformGenerator } from '@olrd/core';
import { tf } from '@olrd/tensor';
import { adam } from './aliases.js';
import { chain } from './chain.js';
import { multiSteps } from './multi-steps.js';
import { multiTransform } from './multi-transform.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { applyUpdates } from './apply-updates.js';
import { applyUpdatesInPlace, stateFromArrays, stateToArrays } from './array-tree.js';
import { createOptimizer, type OptimizerOptions } from './create-optimizer.js';
import type { GradientTransformation } from './gradient-transformation.js';
import { disposeTree, type OptState } from './tree.js';

/** A small LRU model's parameters, so every optimiser group has members. */
function modelParams(): Params {
  return initParams(
    {
      ...defaultArchitecture,
      dInput: 3,
      dModel: 8,
      dHidden: 4,
      nLayers: 2,
      nClasses: 5,
      multidim: 1,
    },
    7,
  );
}

function toArrays(params: Params): ArrayParams {
  return Object.fromEntries(
    Object.entries(params).map(([name, t]) => [name, Float32Array.from(t.dataSync())]),
  );
}

/** Gradients of step `step`: seeded normals, with a large one now and then so clipping acts. */
function gradientsAt(params: Params, step: number): ArrayParams {
  const uniform = uniformGenerator(1000 + step);
  const scale = step % 17 === 0 ? 30 : 0.5;
  return Object.fromEntries(
    Object.entries(params).map(([name, t]) => [name, normalArray(uniform, t.size, scale)]),
  );
}

const maxAbsDiff = (a: Float32Array, b: Float32Array): number =>
  a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i]!)), 0);

/**
 * Runs `steps` updates through the tensor form and the array form side by side; returns the
 * worst parameter difference seen and both final states.
 */
function runBoth(optimizer: GradientTransformation, steps: number) {
  let params = modelParams();
  const arrays = toArrays(params);
  const arrayForm = optimizer.arrays!;
  let state = optimizer.init(params);
  let arrayState = arrayForm.init(arrays);
  let worst = 0;
  for (let step = 0; step < steps; step++) {
    const grads = gradientsAt(params, step);
    const gradTensors: Params = Object.fromEntries(
      Object.entries(grads).map(([name, g]) => [name, tf.tensor(g, params[name]!.shape)]),
    );
    const [updates, next] = optimizer.update(gradTensors, state, params);
    const nextParams = applyUpdates(params, updates);
    disposeTree([gradTensors, updates, state, params] as never);
    params = nextParams;
    state = next;
    arrayState = arrayForm.update(grads, arrayState, arrays);
    applyUpdatesInPlace(arrays, grads);
    // Compared every 25 updates and at the end (reading tensors back is the slow part).
    if (step % 25 === 24 || step === steps - 1)
      for (const [name, p] of Object.entries(params))
        worst = Math.max(worst, maxAbsDiff(Float32Array.from(p.dataSync()), arrays[name]!));
  }
  return { worst, params, state, arrayState };
}

const FULL: OptimizerOptions = {
  optConfig: 'Bdecay',
  learningRate: (step) => 1e-3 / (1 + step / 100),
  recLearningRate: (step) => 5e-4 * Math.min(1, (step + 1) / 50),
  weightDecay: 0.05,
  clipGradNorm: 1,
  accumulationSteps: 2,
};

describe("optimisers' array form", () => {
  it('equals the tensor form over 1,000 updates (groups, schedules, decay, clipping, accumulation)', () => {
    const { worst, params, state, arrayState } = runBoth(createOptimizer(FULL), 1000);
    expect(worst).toBeLessThanOrEqual(1e-6);
    // The states agree too, in the same layout.
    const flat = (tree: unknown): number[] =>
      tree instanceof Float32Array
        ? [...tree]
        : typeof tree === 'number'
          ? [tree]
          : Object.values(tree as object).flatMap(flat);
    const expected = flat(stateToArrays(state));
    const actual = flat(arrayState);
    expect(actual.length).toBe(expected.length);
    expect(Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThanOrEqual(1e-6);
    disposeTree([params, state] as never);
  });

  it('exists for a composition only when every part has one', () => {
    const custom: GradientTransformation = { init: () => ({}), update: (u) => [u, {}] };
    expect(createOptimizer({ ...FULL, accumulationSteps: 1 }).arrays).toBeDefined();
    expect(createOptimizer({ ...FULL, freezeModel: true }).arrays).toBeDefined();
    expect(adam(1e-3).arrays).toBeDefined();
    expect(chain(adam(1e-3), scaleByLearningRate(2)).arrays).toBeDefined();
    expect(chain(adam(1e-3), custom).arrays).toBeUndefined();
    expect(
      multiTransform({ a: adam(1e-3), b: custom }, (n) => (n < 'm' ? 'a' : 'b')).arrays,
    ).toBeUndefined();
    expect(multiSteps(custom, 2).arrays).toBeUndefined();
  });

  it('converts state between the two forms losslessly, and names a layout mismatch', () => {
    const optimizer = createOptimizer(FULL);
    const { params, state } = runBoth(optimizer, 5);
    const template = optimizer.init(params);
    const back = stateFromArrays(stateToArrays(state), template);
    const flat = (tree: OptState): number[] =>
      tree instanceof tf.Tensor
        ? [...tree.dataSync()]
        : typeof tree === 'number'
          ? [tree]
          : Object.values(tree).flatMap(flat);
    expect(flat(back)).toEqual(flat(state));
    const other = adam(1e-3).init(params);
    expect(() => stateFromArrays(stateToArrays(other), template)).toThrow(/optimiser state: state/);
    disposeTree([params, state, template, back, other] as never);
  });

  it('with frozen model groups leaves those parameters exactly as they were', () => {
    const params = modelParams();
    const arrays = toArrays(params);
    const before = toArrays(params);
    const form = createOptimizer({ ...FULL, accumulationSteps: 1, freezeModel: true }).arrays!;
    let state = form.init(arrays);
    for (let step = 0; step < 3; step++) {
      const grads = gradientsAt(params, step);
      state = form.update(grads, state, arrays);
      applyUpdatesInPlace(arrays, grads);
    }
    for (const name of Object.keys(arrays)) expect(arrays[name]).toEqual(before[name]);
    disposeTree(params);
  });
});
