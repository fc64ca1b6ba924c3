/**
 * optax's `set_to_zero`: every update is zero and there is no state. `freezeModel` maps the
 * model's groups to it, so only the synthesisers learn (BP(λ)'s fixed-RNN setting, spec 2 §8),
 * with no Adam moments or weight decay touching the frozen parameters.
 */
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type { GradientTransformation } from './gradient-transformation.js';

/** The transformation whose updates are all zero. */
export function setToZero(): GradientTransformation {
  return {
    init: () => ({}),
    update(updates: Params) {
      const zeros: Params = {};
      for (const [name, u] of Object.entries(updates)) zeros[name] = tf.zerosLike(u);
      return [zeros, {}];
    },
    arrays: {
      init: () => ({}),
      update(updates) {
        for (const u of Object.values(updates)) u.fill(0);
        return {};
      },
    },
  };
}
