/**
 * `addDecayedWeights`: decoupled weight decay, u ← u + wd·p (optax `add_decayed_weights`).
 * Chained before `scaleByLearningRate`, this gives AdamW's p ← p − lr·(adam + wd·p).
 */
import { tf } from '@olrd/tensor';
import type { GradientTransformation } from './gradient-transformation.js';
import { arrayAt, f32 } from './array-tree.js';
import { mapParams, tidyTree } from './tree.js';

/**
 * @param weightDecay - the decay rate wd ≥ 0
 * @param mask - parameters to decay (default: all)
 * @throws Error from `update` when `params` is not given.
 */
export function addDecayedWeights(
  weightDecay: number,
  mask: (name: string) => boolean = () => true,
): GradientTransformation<Record<string, never>> {
  return {
    init: () => ({}),
    update(updates, _state, params) {
      if (!params) throw new Error('addDecayedWeights: update() needs the current params');
      const out = tidyTree(() =>
        mapParams(updates, (u, name) =>
          weightDecay !== 0 && mask(name)
            ? tf.add(u, tf.mul(params[name]!, weightDecay))
            : tf.clone(u),
        ),
      );
      return [out, {}];
    },
    arrays: {
      init: () => ({}),
      update(updates, _state, params) {
        if (!params) throw new Error('addDecayedWeights: update() needs the current params');
        const decay = f32(weightDecay);
        for (const [name, u] of Object.entries(updates)) {
          if (weightDecay === 0 || !mask(name)) continue;
          const p = arrayAt(params, name);
          for (let i = 0; i < u.length; i++) u[i] = f32(u[i]! + f32(p[i]! * decay));
        }
        return {};
      },
    },
  };
}
