/**
 * The streaming learner's contract, on every cell: its accumulated gradient equals sequence mode,
 * also when the sequence arrives in chunks; a checkpoint taken mid-sequence resumes
 * bit-identically; per-element resets; no tensor leak; learning with an update every step. The
 * BP(λ) rules (their own tfjs engine) keep the same contract.
 */
import { describe, expect, it } from 'vitest';
import { tf, tidyTree } from '@olrd/tensor';
import { initParams, type LayerClass, type ModelConfig, type Params } from '@olrd/core';
import { computeGradients, isLearnerSgRule, type LearnerRuleName } from '@olrd/rules';
import {
  disposeBatch,
  mismatches,
  paramsWithSynthesiser,
  randomBatch,
  smallConfig,
} from '@olrd/rules/testing';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import { loadLearner, saveLearner } from './learner-checkpoint.js';
import { spyOptimizer } from '../testing/spy-optimizer.js';
import type { OnlineLearnerOptions } from './learner-state.js';
import { OnlineLearner } from './online-learner.js';

/** Adam with state {step, m, v}: exercises tensors and numbers in checkpoints. */
function adam(rate: number): GradientTransformation<{ step: number; m: Params; v: Params }> {
  return {
    init: (params) => ({
      step: 0,
      m: Object.fromEntries(Object.entries(params).map(([n, p]) => [n, tf.zerosLike(p)])),
      v: Object.fromEntries(Object.entries(params).map(([n, p]) => [n, tf.zerosLike(p)])),
    }),
    update: (grads, state) =>
      tidyTree(() => {
        const step = state.step + 1;
        const m: Params = {},
          v: Params = {},
          updates: Params = {};
        for (const [name, g] of Object.entries(grads)) {
          m[name] = tf.add(tf.mul(state.m[name]!, 0.9), tf.mul(g, 0.1));
          v[name] = tf.add(tf.mul(state.v[name]!, 0.999), tf.mul(tf.square(g), 0.001));
          updates[name] = tf.mul(
            tf.div(
              tf.div(m[name]!, 1 - 0.9 ** step),
              tf.add(tf.sqrt(tf.div(v[name]!, 1 - 0.999 ** step)), 1e-8),
            ),
            -rate,
          );
        }
        return [updates, { step, m, v }] as [Params, { step: number; m: Params; v: Params }];
      }),
  };
}

/** Frees what a sequence-mode comparison made. */
function release(
  params: Params,
  reference: ReturnType<typeof computeGradients>,
  seen: Params,
  batch: ReturnType<typeof randomBatch>,
  learner: OnlineLearner,
): void {
  tf.dispose([
    ...Object.values(params),
    ...Object.values(reference.grads),
    reference.logProbs,
    ...Object.values(seen),
  ]);
  disposeBatch(batch);
  learner.dispose();
}

function sliceStep(batch: ReturnType<typeof randomBatch>, t: number) {
  return tf.tidy(() => ({
    x: tf.squeeze(tf.slice(batch.x, [0, t, 0], [-1, 1, -1]), [1]).dataSync() as Float32Array,
    y: tf.slice(batch.y, [0, t], [-1, 1]).dataSync() as Int32Array,
  }));
}

const ENGINES: [engine: 'fused' | 'tfjs', cell: LayerClass, rule: LearnerRuleName][] = [
  ['fused', 'LRU', 'online_full'],
  ['tfjs', 'LRU', 'online_full'],
  ['tfjs', 'GRU', 'snap1'],
  ['tfjs', 'LSTM', 'snap1'],
  ['tfjs', 'RNN', 'online_1truncated'],
  ['tfjs', 'LSTM', 'bp_lambda'],
  ['tfjs', 'LRU', 'online_full_bp_lambda'],
];

/** BP(λ)'s options in these tests (not the defaults, so that they must reach the engine). */
const SG = { gamma: 0.9, lambda: 0.7, sgWeight: 0.8 };

/** Parameters for `config`, with a random synthesiser when it has one (so ĝ matters). */
function paramsFor(config: ModelConfig, seed: number): Params {
  return config.synthesiser === true
    ? paramsWithSynthesiser(config, seed)
    : initParams(config, seed);
}

describe.each(ENGINES)(
  'OnlineLearner on the %s engine with the %s cell (%s)',
  (engine, cell, rule) => {
    // GRU and LSTM output their state, so N = H.
    const synthetic = isLearnerSgRule(rule);
    const cellConfig = {
      layerCls: cell,
      ...(cell === 'GRU' || cell === 'LSTM' ? { dHidden: 6 } : {}),
      ...(synthetic ? { synthesiser: true } : {}),
    };
    const extra = synthetic ? { synthetic: SG } : {};
    const referenceOptions = synthetic ? SG : {};
    /** A learner of this engine, cell and rule. */
    const learnerFor = (
      config: ModelConfig,
      params: Params,
      optimizer: GradientTransformation,
      options: Pick<OnlineLearnerOptions, 'batchSize' | 'updateEvery'> = {},
    ) => OnlineLearner.create({ engine, rule, ...extra, config, params, optimizer, ...options });
    it("with updateEvery 'sequence' applies exactly the rule's sequence-mode gradient (learnSequence)", () => {
      const config = smallConfig({ ...cellConfig, nLayers: 2, mode: 'pool_st' });
      const params = paramsFor(config, 1);
      const batch = randomBatch(config, 2, 6, 2);
      const optimizer = spyOptimizer();
      const learner = learnerFor(config, params, optimizer, { batchSize: 2 });
      learner.learnSequence(
        batch.x.dataSync() as Float32Array,
        batch.y.dataSync() as Int32Array,
        batch.mask.dataSync() as Float32Array,
        6,
      );
      const reference = computeGradients(rule, params, config, batch, referenceOptions);
      expect(optimizer.seen).toHaveLength(1);
      expect(mismatches(optimizer.seen[0]!, reference.grads, Object.keys(params), 1e-4)).toEqual(
        [],
      );
      release(params, reference, optimizer.seen[0]!, batch, learner);
    });

    it('equals sequence mode when the sequence arrives one step at a time in three chunks, with a checkpoint in between', () => {
      const config = smallConfig({ ...cellConfig, nLayers: 2 });
      const params = paramsFor(config, 3);
      const batch = randomBatch(config, 2, 9, 4);
      tf.dispose(batch.mask);
      batch.mask = tf.ones([2, 9]) as tf.Tensor2D; // uniform masks: learnOne's per-step mean equals the sequence loss
      const optimizer = spyOptimizer();
      let learner = learnerFor(config, params, optimizer, { batchSize: 2 });
      for (const [start, end] of [
        [0, 3],
        [3, 7],
        [7, 9],
      ] as const) {
        for (let t = start; t < end; t++) {
          const { x, y } = sliceStep(batch, t);
          // BP(λ)'s synthesiser regresses on gradients of the loss as weighted, which is not
          // linear in the weights: give each step the sequence loss's weight 1/(B·T).
          learner.learnOne(x, y, synthetic ? [1 / 9, 1 / 9] : undefined, { last: t + 1 === 9 });
        }
        const bytes = saveLearner(learner);
        learner.dispose();
        learner = loadLearner(bytes, optimizer);
      }
      learner.endSequence();
      const reference = computeGradients(rule, params, config, batch, referenceOptions);
      // The update averages over the 9 steps: undo it for the 1/(B·T)-weighted BP(λ) steps.
      const applied = tidyTree(() =>
        Object.fromEntries(
          Object.entries(optimizer.seen[0]!).map(([n, g]) => [n, tf.mul(g, synthetic ? 9 : 1)]),
        ),
      );
      expect(mismatches(applied, reference.grads, Object.keys(params), 1e-4)).toEqual([]);
      tf.dispose(Object.values(applied));
      release(params, reference, optimizer.seen[0]!, batch, learner);
    });

    it('resumes bit-identically from a checkpoint taken mid-sequence', () => {
      const config = smallConfig({ ...cellConfig, nLayers: 2, mode: 'pool_st' });
      const params = paramsFor(config, 5);
      const batch = randomBatch(config, 1, 20, 6);
      const steps = Array.from({ length: 20 }, (_, t) => sliceStep(batch, t));
      const run = (interrupt: boolean): Float32Array[] => {
        let learner = learnerFor(config, params, adam(0.01), { updateEvery: 3 });
        steps.forEach(({ x, y }, t) => {
          learner.learnOne(x, y);
          if (interrupt && t === 10) {
            const bytes = saveLearner(learner);
            learner.dispose();
            learner = loadLearner(bytes, adam(0.01));
          }
        });
        const final = learner.params();
        const values = Object.values(final).map((p) => p.dataSync().slice() as Float32Array);
        tf.dispose(Object.values(final));
        expect(learner.counters.updates).toBe(6);
        learner.dispose();
        return values;
      };
      const straight = run(false);
      const resumed = run(true);
      resumed.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(straight[i]!)));
      tf.dispose(Object.values(params));
      disposeBatch(batch);
    });

    it('resets one batch element without touching the others', () => {
      const config = smallConfig({ ...cellConfig, nLayers: 2, mode: 'pool_st' });
      const params = paramsFor(config, 7);
      const a = learnerFor(config, params, spyOptimizer(), { batchSize: 2 });
      const b = learnerFor(config, params, spyOptimizer(), { batchSize: 2 });
      const x = (seed: number) =>
        Float32Array.from({ length: 2 * config.dInput }, (_, i) => Math.sin(seed * 7 + i));
      for (let t = 0; t < 4; t++) a.predictOne(x(t));
      a.resetState([0]);
      // a's element 0 is fresh again, like both of b's; a's element 1 has seen four steps.
      for (let t = 4; t < 7; t++) {
        const pa = a.predictOne(x(t)).logProbs;
        const pb = b.predictOne(x(t)).logProbs;
        const perElement = config.multidim * config.nClasses;
        expect(Array.from(pa.subarray(0, perElement))).toEqual(
          Array.from(pb.subarray(0, perElement)),
        );
        expect(Array.from(pa.subarray(perElement))).not.toEqual(
          Array.from(pb.subarray(perElement)),
        );
      }
      expect(() => a.resetState([2])).toThrow(/no batch element 2/);
      a.dispose();
      b.dispose();
      tf.dispose(Object.values(params));
    });

    it('rejects bad options and inputs with messages that name them', () => {
      const config = smallConfig(cellConfig);
      const params = paramsFor(config, 8);
      expect(() => learnerFor(config, params, spyOptimizer(), { updateEvery: 0 })).toThrow(
        /updateEvery/,
      );
      expect(() => learnerFor({ ...config, mode: 'pool' }, params, spyOptimizer())).toThrow(
        /pool_st/,
      );
      const learner = learnerFor(config, params, spyOptimizer());
      expect(() => learner.learnOne([1, 2], [0])).toThrow(/d_input = 3/);
      expect(() => learner.learnOne([1, 2, 3], [7])).toThrow(/not a class/);
      expect(() => loadLearner(new Uint8Array(3), spyOptimizer())).toThrow();
      learner.dispose();
      tf.dispose(Object.values(params));
    });

    it('leaks no tensor over many steps with an update every step', () => {
      const config = smallConfig({ ...cellConfig, nLayers: 2 });
      const params = paramsFor(config, 9);
      const learner = learnerFor(config, params, adam(0.01), { updateEvery: 1 });
      const x = Float32Array.from([0.5, -1, 2]);
      learner.learnOne(x, [1]);
      const before = tf.memory().numTensors;
      for (let t = 0; t < 100; t++) learner.learnOne(x, [t % 3]);
      learner.endSequence();
      expect(tf.memory().numTensors).toBe(before);
      learner.dispose();
      tf.dispose(Object.values(params));
    });
  },
);
