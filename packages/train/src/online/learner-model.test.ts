/**
 * The learner's two forms (learner-model.ts): with an optimiser that has a typed-array form the
 * parameters and state live in arrays; the numbers are the tensor form's (bit-identical on cpu,
 * float32 rounding apart on wasm), states cross between the forms, and nothing leaks.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { initParams, type LayerClass, type Params } from '@olrd/core';
import type { EngineKind, LearnerRuleName } from '@olrd/rules';
import { smallConfig } from '@olrd/rules/testing';
import { createOptimizer } from '../optim/create-optimizer.js';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import { disposeTree, type OptState } from '../optim/tree.js';
import { OnlineLearner } from './online-learner.js';

/** Train's full optimiser (groups, schedules, AdamW, clipping): it has an array form. */
function optimizer(): GradientTransformation {
  return createOptimizer({
    optConfig: 'Bdecay',
    learningRate: (step) => 3e-3 / (1 + step / 50),
    recLearningRate: () => 1.5e-3,
    weightDecay: 0.05,
    clipGradNorm: 1,
  });
}

/** The same optimiser without its array form, so the learner keeps tensors. */
function tensorsOnly(transformation: GradientTransformation): GradientTransformation {
  return { init: transformation.init, update: transformation.update };
}

const CASES: [cell: LayerClass, rule: LearnerRuleName, engine: EngineKind][] = [
  ['LRU', 'online_full', 'fused'],
  ['LRU', 'online_1truncated', 'tfjs'],
  ['GRU', 'snap1', 'tfjs'],
];

const values = (tree: Params | OptState): number[] =>
  tree instanceof tf.Tensor
    ? [...tree.dataSync()]
    : typeof tree === 'number'
      ? [tree]
      : Object.values(tree as Record<string, OptState>).flatMap(values);

const worstDifference = (a: number[], b: number[]): number =>
  a.length !== b.length ? Infinity : Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!)));

/** Feeds `steps` seeded steps (a target each, a new sequence every 7). */
function feed(learner: OnlineLearner, steps: number, offset = 0): void {
  const { dInput, nClasses } = learner.config;
  for (let t = offset; t < offset + steps; t++) {
    const x = Array.from({ length: dInput }, (_, i) => Math.sin(0.7 * t + i));
    learner.learnOne(x, [t % nClasses]);
    if (t % 7 === 6) learner.endSequence();
  }
}

describe.each(CASES)(
  'the learner with an array-form optimiser (%s, %s, %s engine)',
  (cell, rule, engine) => {
    const config = smallConfig({ layerCls: cell, ...(cell === 'LRU' ? {} : { dHidden: 6 }) });
    const make = (transformation: GradientTransformation): OnlineLearner => {
      const params = initParams(config, 3);
      const learner = OnlineLearner.create({
        rule,
        config,
        params,
        optimizer: transformation,
        updateEvery: 1,
        engine,
      });
      disposeTree(params);
      return learner;
    };
    const tolerance = tf.getBackend() === 'cpu' ? 0 : 1e-6;

    it('learns the same parameters and optimiser state as the tensor form', () => {
      const arrays = make(optimizer());
      const tensors = make(tensorsOnly(optimizer()));
      feed(arrays, 40);
      feed(tensors, 40);
      const [a, b] = [arrays.state(), tensors.state()];
      expect(worstDifference(values(a.params), values(b.params))).toBeLessThanOrEqual(tolerance);
      expect(worstDifference(values(a.optimizer), values(b.optimizer))).toBeLessThanOrEqual(
        tolerance,
      );
      // It did learn: the parameters moved.
      const start = initParams(config, 3);
      expect(worstDifference(values(a.params), values(start))).toBeGreaterThan(1e-4);
      disposeTree([a.params, a.optimizer, b.params, b.optimizer, start] as never);
      arrays.dispose();
      tensors.dispose();
    });

    it("resumes one form's state in the other and goes on the same", () => {
      const arrays = make(optimizer());
      feed(arrays, 15);
      const saved = arrays.state();
      const tensors = OnlineLearner.fromState(saved, tensorsOnly(optimizer()));
      const again = OnlineLearner.fromState(saved, optimizer());
      disposeTree([saved.params, saved.optimizer] as never);
      for (const learner of [arrays, tensors, again]) feed(learner, 10, 15);
      const [a, b, c] = [arrays.params(), tensors.params(), again.params()];
      expect(worstDifference(values(b), values(a))).toBeLessThanOrEqual(tolerance);
      expect(worstDifference(values(c), values(a))).toBe(0);
      disposeTree([a, b, c]);
      for (const learner of [arrays, tensors, again]) learner.dispose();
    });

    it('holds no tensor between steps and frees everything on dispose', () => {
      const before = tf.memory().numTensors;
      const learner = make(optimizer());
      const held = tf.memory().numTensors;
      feed(learner, 20);
      expect(tf.memory().numTensors).toBe(held);
      learner.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  },
);
