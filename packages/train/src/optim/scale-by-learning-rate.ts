/**
 * `scaleByLearningRate`: u ← −lr(count)·u, with a constant rate or a schedule evaluated at the
 * number of updates applied so far (optax `scale_by_learning_rate`). The count is a plain
 * number in the state, so the schedule never forces a device sync.
 */
import { tf } from '@olrd/tensor';
import type { GradientTransformation, Schedule } from './gradient-transformation.js';
import { f32 } from './array-tree.js';
import { mapParams, tidyTree } from './tree.js';

/** State: how many updates this transformation has scaled. */
export interface ScaleByLearningRateState {
  readonly [key: string]: number;
  readonly count: number;
}

/**
 * @param learningRate - a constant, or a schedule called with the 0-based update index
 */
export function scaleByLearningRate(
  learningRate: number | Schedule,
): GradientTransformation<ScaleByLearningRateState> {
  const schedule: Schedule = typeof learningRate === 'number' ? () => learningRate : learningRate;
  return {
    init: () => ({ count: 0 }),
    update(updates, state) {
      const scale = -schedule(state.count);
      const out = tidyTree(() => mapParams(updates, (u) => tf.mul(u, scale)));
      return [out, { count: state.count + 1 }];
    },
    arrays: {
      init: () => ({ count: 0 }),
      update(updates, state) {
        const { count } = state as { count: number };
        const scale = f32(-schedule(count));
        for (const u of Object.values(updates))
          for (let i = 0; i < u.length; i++) u[i] = f32(u[i]! * scale);
        return { count: count + 1 };
      },
    },
  };
}
