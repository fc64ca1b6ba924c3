/** An optimiser for tests that need to see exactly the gradient a learner applied. */
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type { GradientTransformation } from '../optim/gradient-transformation.js';

/**
 * Records a copy of every gradient it is given (in `seen`, owned by the test) and returns zero
 * updates, so the parameters stay put.
 */
export function spyOptimizer(): GradientTransformation & { seen: Params[] } {
  const seen: Params[] = [];
  return {
    seen,
    init: () => ({}),
    update: (grads) => {
      seen.push(Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.clone(g)])));
      return [Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.zerosLike(g)])), {}];
    },
  };
}
