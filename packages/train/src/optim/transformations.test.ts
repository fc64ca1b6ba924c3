import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { addDecayedWeights } from './add-decayed-weights.js';
import { adam, adamw } from './aliases.js';
import { applyUpdates } from './apply-updates.js';
import { chain } from './chain.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { multiSteps, multiStepsDidUpdate } from './multi-steps.js';
import { multiTransform } from './multi-transform.js';
import { paramsOf, valuesOf } from './optim-test-utils.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { disposeTree, type OptState } from './tree.js';
import type { GradientTransformation } from './gradient-transformation.js';
import type { Params } from '@olrd/core';

/** Runs `steps` updates with fixed grads, disposing as the ownership rule says; returns updates of the last step. */
function run(
  transform: GradientTransformation,
  params: Params,
  grads: Params[],
  steps = grads.length,
) {
  let state: OptState = transform.init(params);
  let last: Record<string, number[]> = {};
  for (let i = 0; i < steps; i++) {
    const [updates, next] = transform.update(grads[i % grads.length]!, state, params);
    disposeTree(state);
    state = next;
    last = valuesOf(updates);
    disposeTree(updates);
  }
  disposeTree(state);
  return last;
}

/** Scalar Adam as in optax, in float64. */
function adamReference(grads: number[], lr: number, wd = 0, p0 = 0): number[] {
  let m = 0;
  let v = 0;
  let p = p0;
  const updates: number[] = [];
  grads.forEach((g, i) => {
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    const direction = m / (1 - 0.9 ** (i + 1)) / (Math.sqrt(v / (1 - 0.999 ** (i + 1))) + 1e-8);
    const update = -lr * (direction + wd * p);
    updates.push(update);
    p += update;
  });
  return updates;
}

describe('gradient transformations', () => {
  let params: Params;
  let before: number;
  beforeEach(() => {
    before = tf.memory().numTensors;
    params = paramsOf({ w: [[1, -2, 3], [3]], b: [[0.5], [1]] });
  });
  afterEach(() => {
    disposeTree(params);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scaleByAdam matches optax Adam over several steps', () => {
    const gradSeries = [0.3, -1.2, 0.7, 2.0];
    const grads = gradSeries.map((g) => paramsOf({ w: [[g, 2 * g, -g], [3]], b: [[g], [1]] }));
    const expected = adamReference(gradSeries, 0.01);
    const updates = run(adam(0.01), params, grads);
    expect(updates.b![0]).toBeCloseTo(expected[3]!, 6);
    expect(updates.w![2]).toBeCloseTo(-expected[3]!, 6);
    grads.forEach(disposeTree);
  });

  it('adamw decays decoupled: p ← p − lr·(adam + wd·p)', () => {
    const transform = adamw(0.1, 0.5);
    const grads = paramsOf({ w: [[1, 1, 1], [3]], b: [[1], [1]] });
    let state: OptState = transform.init(params);
    let current = params;
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [updates, next] = transform.update(grads, state, current);
      disposeTree(state);
      state = next;
      seen.push(updates.b!.dataSync()[0]!);
      const updated = applyUpdates(current, updates);
      disposeTree(updates);
      if (current !== params) disposeTree(current);
      current = updated;
    }
    const expected = adamReference([1, 1, 1], 0.1, 0.5, 0.5);
    seen.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
    disposeTree(current);
    disposeTree(state);
    disposeTree(grads);
  });

  it('scaleByAdam keeps count as a number and moments as tensors', () => {
    const transform = scaleByAdam();
    const state = transform.init(params);
    expect(state.count).toBe(0);
    expect(state.mu.w!.shape).toEqual([3]);
    disposeTree(state);
  });

  it('addDecayedWeights adds wd·p where the mask allows, and needs params', () => {
    const grads = paramsOf({ w: [[0, 0, 0], [3]], b: [[1], [1]] });
    const transform = addDecayedWeights(0.1, (name) => name === 'w');
    const [updates] = transform.update(grads, {}, params);
    expect(valuesOf(updates).w).toEqual([0.1, -0.2, 0.3].map(Math.fround));
    expect(valuesOf(updates).b).toEqual([1]);
    expect(() => transform.update(grads, {})).toThrow(/needs the current params/);
    disposeTree(updates);
    disposeTree(grads);
  });

  it('scaleByLearningRate follows a schedule by update count', () => {
    const grads = paramsOf({ w: [[1, 1, 1], [3]], b: [[2], [1]] });
    const transform = scaleByLearningRate((step) => 0.1 * (step + 1));
    let state = transform.init(params);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [updates, next] = transform.update(grads, state);
      state = next;
      seen.push(updates.b!.dataSync()[0]!);
      disposeTree(updates);
    }
    expect(seen.map((v) => Number(v.toFixed(6)))).toEqual([-0.2, -0.4, -0.6]);
    expect(state.count).toBe(3);
    disposeTree(grads);
  });

  it('clipByGlobalNorm scales only when the global norm exceeds the limit', () => {
    const grads = paramsOf({ w: [[3, 0, 0], [3]], b: [[4], [1]] }); // global norm 5
    const [clipped] = clipByGlobalNorm(1).update(grads, {});
    expect(valuesOf(clipped).w![0]).toBeCloseTo(0.6, 6);
    expect(valuesOf(clipped).b![0]).toBeCloseTo(0.8, 6);
    const [unclipped] = clipByGlobalNorm(10).update(grads, {});
    expect(valuesOf(unclipped).b).toEqual([4]);
    expect(() => clipByGlobalNorm(0)).toThrow(/maxNorm must be > 0/);
    disposeTree([clipped, unclipped] as unknown as OptState);
    disposeTree(grads);
  });

  it('chain checks the state count with a helpful message', () => {
    const transform = chain(scaleByAdam(), scaleByLearningRate(1));
    const grads = paramsOf({ w: [[1, 1, 1], [3]], b: [[1], [1]] });
    expect(() => transform.update(grads, [{}], params)).toThrow(
      /chain: expected 2 states, got 1\. Make sure the state passed to update\(\) was created by init\(\) of the same chain/,
    );
    disposeTree(grads);
  });

  it('multiTransform routes by label and names unlabelled parameters', () => {
    const transform = multiTransform(
      { slow: scaleByLearningRate(0.1), fast: scaleByLearningRate(1) },
      (name) => (name === 'w' ? 'slow' : 'fast'),
    );
    const grads = paramsOf({ w: [[1, 1, 1], [3]], b: [[1], [1]] });
    const state = transform.init(params);
    const [updates, next] = transform.update(grads, state, params);
    expect(valuesOf(updates).w![0]).toBeCloseTo(-0.1, 6);
    expect(valuesOf(updates).b).toEqual([-1]);
    const broken = multiTransform({ slow: scaleByLearningRate(1) }, () => 'other');
    expect(() => broken.init(params)).toThrow(
      /parameter 'w' has label 'other'; known labels: slow/,
    );
    disposeTree([updates, next, state] as unknown as OptState);
    disposeTree(grads);
  });

  it('multiSteps averages k micro-batches and updates every k-th call', () => {
    const micro = [1, 3, 8].map((g) => paramsOf({ w: [[g, g, g], [3]], b: [[-g], [1]] }));
    const transform = multiSteps(scaleByLearningRate(1), 3);
    let state = transform.init(params);
    const seen: number[][] = [];
    const flags: boolean[] = [];
    for (const grads of micro) {
      const [updates, next] = transform.update(grads, state, params);
      disposeTree(state);
      state = next;
      flags.push(multiStepsDidUpdate(state));
      seen.push(valuesOf(updates).b!);
      disposeTree(updates);
    }
    expect(flags).toEqual([false, false, true]);
    expect(seen[0]).toEqual([0]);
    expect(seen[2]![0]).toBeCloseTo(4, 6); // −lr · mean(−1, −3, −8)
    expect(() => multiSteps(scaleByLearningRate(1), 0)).toThrow(/everyK/);
    disposeTree(state);
    micro.forEach(disposeTree);
  });
});
