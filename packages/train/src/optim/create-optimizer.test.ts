import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { applyUpdates } from './apply-updates.js';
import { createOptimizer } from './create-optimizer.js';
import { paramsOf, valuesOf } from './optim-test-utils.js';
import { disposeTree } from './tree.js';

const spec = {
  'layers.0.rec.nu': [[1, 1], [2]],
  'layers.0.rec.B_re': [
    [1, 1],
    [2, 1],
  ],
  'layers.0.norm.scale': [[1], [1]],
  'decoder.kernel': [
    [1, 1],
    [1, 2],
  ],
} as Record<string, [number[], number[]]>;

describe('createOptimizer', () => {
  it('applies rec_lr without decay to rec, AdamW at lr to regular, no decay to norm', () => {
    const params = paramsOf(spec);
    const grads = paramsOf(
      Object.fromEntries(Object.entries(spec).map(([n, [v, s]]) => [n, [v.map(() => 1), s]])),
    );
    const optimizer = createOptimizer({
      optConfig: 'standard',
      learningRate: () => 0.1,
      recLearningRate: () => 0.05,
      weightDecay: 0.5,
    });
    const state = optimizer.init(params);
    const [updates, next] = optimizer.update(grads, state, params);
    const values = valuesOf(updates);
    // Adam's first direction is g/|g| = 1 (up to eps).
    expect(values['layers.0.rec.nu']![0]).toBeCloseTo(-0.05, 6);
    expect(values['layers.0.rec.B_re']![0]).toBeCloseTo(-0.05, 6);
    expect(values['layers.0.norm.scale']![0]).toBeCloseTo(-0.1, 6);
    expect(values['decoder.kernel']![0]).toBeCloseTo(-0.1 * (1 + 0.5), 6);
    disposeTree([params, grads, state, updates, next] as never);
  });

  it('does not leak tensors over 200 updates (accumulation, clipping, all groups)', () => {
    const before = tf.memory().numTensors;
    let params = paramsOf(spec);
    const optimizer = createOptimizer({
      optConfig: 'Bdecay',
      learningRate: (step) => 0.01 / (1 + step),
      recLearningRate: () => 0.005,
      weightDecay: 0.1,
      clipGradNorm: 1,
      accumulationSteps: 2,
    });
    let state = optimizer.init(params);
    const afterInit = tf.memory().numTensors;
    for (let step = 0; step < 200; step++) {
      const grads = tf.tidy(() =>
        Object.fromEntries(
          Object.entries(params).map(([name, p]) => [name, tf.mul(p, Math.sin(step))]),
        ),
      );
      const [updates, nextState] = optimizer.update(grads, state, params);
      const nextParams = applyUpdates(params, updates);
      disposeTree([grads, updates, state, params] as never);
      params = nextParams;
      state = nextState;
      expect(tf.memory().numTensors).toBe(afterInit);
    }
    disposeTree([params, state] as never);
    expect(tf.memory().numTensors).toBe(before);
  });
});
