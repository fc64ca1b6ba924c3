/**
 * Learner checkpoints refuse what does not fit with an error that names it (a parameter stored
 * with the wrong dtype, a malformed metadata entry) and leak nothing when they do; a driver's own
 * metadata travels in the same file.
 */
import { describe, expect, it } from 'vitest';
import {
  disposeTree,
  parseSafetensors,
  serializeSafetensors,
  tf,
  type SafetensorsTensor,
} from '@olrd/tensor';
import { initParams } from '@olrd/core';
import { smallConfig } from '@olrd/rules/testing';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import { loadLearner, saveLearner } from './learner-checkpoint.js';
import { OnlineLearner } from './online-learner.js';

/** Plain SGD with a step counter, so the state has a number leaf. */
const sgd: GradientTransformation<{ count: number }> = {
  init: () => ({ count: 0 }),
  update: (grads, state) => [
    Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.mul(g, -0.1)])),
    { count: state.count + 1 },
  ],
};

function savedLearner(extra: Record<string, string> = {}): Uint8Array {
  const config = smallConfig();
  const params = initParams(config, 1);
  const learner = OnlineLearner.create({
    rule: 'online_full',
    config,
    params,
    optimizer: sgd,
    updateEvery: 1,
  });
  tf.dispose(Object.values(params));
  learner.learnOne([1, 0, 1], [2]);
  const bytes = saveLearner(learner, extra);
  learner.dispose();
  return bytes;
}

/** The same file with one tensor or metadata entry replaced. */
function edited(
  bytes: Uint8Array,
  edit: (file: ReturnType<typeof parseSafetensors>) => void,
): Uint8Array {
  const file = parseSafetensors(bytes);
  edit(file);
  return serializeSafetensors(file.tensors, file.metadata);
}

describe('learner checkpoints', () => {
  it('carry the driver metadata and resume with the optimiser counter', () => {
    const bytes = savedLearner({ stream_position: '{"step":1}' });
    expect(parseSafetensors(bytes).metadata['stream_position']).toBe('{"step":1}');
    const learner = loadLearner(bytes, sgd);
    expect(learner.counters.updates).toBe(1);
    const state = learner.state();
    expect((state.optimizer as { count: number }).count).toBe(1);
    disposeTree(state);
    learner.dispose();
  });

  it('refuse a parameter stored as I32, naming it, without leaking', () => {
    const name = Object.keys(parseSafetensors(savedLearner()).tensors).find((n) =>
      n.startsWith('params.'),
    )!;
    const bytes = edited(savedLearner(), (file) => {
      const t = file.tensors[name]!;
      (file.tensors as Record<string, SafetensorsTensor>)[name] = {
        dtype: 'I32',
        shape: t.shape,
        data: new Int32Array(t.data.length),
      };
    });
    const before = tf.memory().numTensors;
    expect(() => loadLearner(bytes, sgd)).toThrow(
      `learner checkpoint: parameter '${name.slice('params.'.length)}' is stored as I32, parameters are F32`,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('name a malformed metadata entry and a missing optimiser leaf', () => {
    const badJson = edited(savedLearner(), (file) => {
      (file.metadata as Record<string, string>)['counters'] = '{oops';
    });
    expect(() => loadLearner(badJson, sgd)).toThrow(
      "learner checkpoint: metadata 'counters' is not valid JSON",
    );
    const noCounter = edited(savedLearner(), (file) => {
      (file.metadata as Record<string, string>)['optimizer_numbers'] = '{}';
    });
    const before = tf.memory().numTensors;
    expect(() => loadLearner(noCounter, sgd)).toThrow(
      "learner checkpoint: optimiser counter 'optimizer.count' is missing (was the optimiser built the same way?)",
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it("are written on state() / fromState(): a state is the caller's copy and resumes the learner", () => {
    const learner = loadLearner(savedLearner(), sgd);
    const state = learner.state();
    learner.learnOne([0, 1, 0], [1]);
    const resumed = OnlineLearner.fromState(state, sgd);
    resumed.learnOne([0, 1, 0], [1]);
    const [a, b] = [learner.params(), resumed.params()];
    for (const name of Object.keys(a))
      expect(Array.from(b[name]!.dataSync())).toEqual(Array.from(a[name]!.dataSync()));
    expect(resumed.counters).toEqual(learner.counters);
    disposeTree([a, b]);
    const before = tf.memory().numTensors;
    const misfit = { ...state, optimizer: { count: 0, extra: tf.zeros([2]) } };
    expect(() => OnlineLearner.fromState(misfit, sgd)).toThrow(
      /optimiser state: leaf extra \[2\] where the optimiser has \(none\)/,
    );
    expect(tf.memory().numTensors).toBe(before + 1);
    disposeTree([state, misfit.optimizer]);
    learner.dispose();
    resumed.dispose();
  });
});
