/**
 * What the `OnlineLearner` needs of an optimiser: optax's `GradientTransformation` shape. Typed
 * structurally so that `@olrd/rules` does not depend on `@olrd/train` (whose `createOptimizer`,
 * `adam`, `adamw`, `chain`, … all satisfy it).
 */
import { tf, tidyTree } from '@olrd/tensor';
import type { Params } from '@olrd/core';

/** A gradient transformation: `update` maps gradients to additive parameter updates. */
export interface LearnerOptimizer<State = unknown> {
  init(params: Params): State;
  update(updates: Params, state: State, params: Params): [Params, State];
}

/** params + updates, as fresh tensors. */
export function addUpdates(params: Params, updates: Params): Params {
  return tidyTree(() => {
    const out: Params = {};
    for (const [name, value] of Object.entries(params)) {
      const update = updates[name];
      out[name] = update === undefined ? tf.clone(value) : tf.add(value, update);
    }
    return out;
  });
}
