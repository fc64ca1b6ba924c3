/** `chain`: run transformations one after the other (optax `chain`). */
import type { Params } from '@olrd/core';
import type { ArrayOptState, ArrayTransformation } from '@olrd/core/spec';
import type { GradientTransformation } from './gradient-transformation.js';
import { disposeTree, type OptState } from './tree.js';

/**
 * Composes transformations left to right; the state is the array of their states.
 *
 * @throws Error from `update` when the state does not come from this chain's `init`.
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation<OptState[]> {
  const parts = transforms.map((transform) => transform.arrays);
  return {
    arrays: parts.every((part) => part !== undefined) ? chainArrays(parts) : undefined,
    init: (params) => transforms.map((transform) => transform.init(params)),
    update(updates, state, params) {
      if (!Array.isArray(state) || state.length !== transforms.length) {
        const found = Array.isArray(state) ? state.length : typeof state;
        throw new Error(
          `chain: expected ${transforms.length} states, got ${found}. Make sure the state passed ` +
            `to update() was created by init() of the same chain.`,
        );
      }
      let current: Params = updates;
      const states: OptState[] = [];
      transforms.forEach((transform, index) => {
        const [next, nextState] = transform.update(current, state[index]!, params);
        if (current !== updates) disposeTree(current);
        current = next;
        states.push(nextState);
      });
      // An empty chain must still hand back fresh tensors.
      return [current === updates ? { ...mapFresh(updates) } : current, states];
    },
  };
}

function mapFresh(params: Params): Params {
  return Object.fromEntries(Object.entries(params).map(([name, tensor]) => [name, tensor.clone()]));
}

/** The array form of a chain: each part transforms the same arrays in place, in order. */
function chainArrays(parts: ArrayTransformation[]): ArrayTransformation {
  return {
    init: (params) => parts.map((part) => part.init(params)),
    update(updates, state, params) {
      const states = state as ArrayOptState[];
      return parts.map((part, index) => part.update(updates, states[index]!, params));
    },
  };
}
