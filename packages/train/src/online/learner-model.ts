/**
 * Where an `OnlineLearner` keeps its parameters and optimiser state, and how it applies an
 * update. Two forms with the same numbers:
 * - `arrayModel`, when the optimiser has a typed-array form (`optimizer.arrays`; every optimiser
 *   of this package does): parameters and state stay Float32Arrays, updated in place, so an update
 *   every step costs no tensor op and no tensor↔array round trip (the engine takes arrays);
 * - `tensorModel` otherwise (an optimiser written with tensors only): the optimiser's tensor form
 *   and `applyUpdates`.
 * Both hand out tensors (`params()`, `optimizerState()`), in the tensor form's layout, so states
 * and checkpoints do not depend on the form.
 */
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type { ArrayOptState, ArrayParams, ArrayTransformation } from '@olrd/core/spec';
import { applyUpdates } from '../optim/apply-updates.js';
import { applyUpdatesInPlace, f32, stateFromArrays, stateToArrays } from '../optim/array-tree.js';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import { cloneTree, disposeTree, type OptState } from '../optim/tree.js';
import { arraysOf } from './learner-steps.js';

/** A learner's parameters and optimiser state. */
export interface LearnerModel {
  /** Fresh tensors of the parameters (the caller disposes them). */
  params(): Params;
  /** Fresh tensors of the optimiser state, in the tensor form's layout. */
  optimizerState(): OptState;
  /** Replaces the optimiser state with a copy of `state` (tensor form's layout). */
  setOptimizerState(state: OptState): void;
  /**
   * Applies one update from the accumulated gradients (scaled by `scale` first; the arrays are
   * the caller's to overwrite) and returns the new parameters as arrays for the engine.
   */
  update(grads: Record<string, Float32Array>, scale: number): ArrayParams;
  dispose(): void;
}

/** The model for `optimizer` over `params` (taken over: the model disposes them). */
export function learnerModel(optimizer: GradientTransformation, params: Params): LearnerModel {
  return optimizer.arrays
    ? arrayModel(optimizer, optimizer.arrays, params)
    : tensorModel(optimizer, params);
}

function arrayModel(
  optimizer: GradientTransformation,
  arrays: ArrayTransformation,
  initial: Params,
): LearnerModel {
  const shapes = Object.fromEntries(Object.entries(initial).map(([n, t]) => [n, t.shape]));
  // Copies: a cpu tensor's dataSync() is its own buffer.
  const params: ArrayParams = Object.fromEntries(
    Object.entries(initial).map(([n, t]) => [n, Float32Array.from(t.dataSync())]),
  );
  tf.dispose(Object.values(initial));
  let state: ArrayOptState = arrays.init(params);
  // Copies again: tf.tensor keeps a typed array by reference on the cpu backend, and these arrays
  // change in place at the next update.
  const tensors = (): Params =>
    Object.fromEntries(
      Object.entries(params).map(([n, v]) => [n, tf.tensor(v.slice(), shapes[n])]),
    );
  return {
    params: tensors,
    optimizerState() {
      const current = tensors();
      const template = optimizer.init(current);
      try {
        return stateFromArrays(state, template);
      } finally {
        disposeTree([current, template] as never);
      }
    },
    setOptimizerState(next) {
      state = stateToArrays(next);
    },
    update(grads, scale) {
      const factor = f32(scale);
      for (const name of Object.keys(params)) {
        const g = grads[name];
        if (g === undefined) throw new Error(`engine returned no gradient for '${name}'`);
        // x·1 is x exactly in float32, so an update after one learning step skips this pass.
        if (factor !== 1) for (let i = 0; i < g.length; i++) g[i] = f32(g[i]! * factor);
      }
      state = arrays.update(grads, state, params);
      applyUpdatesInPlace(params, grads);
      return params;
    },
    dispose() {},
  };
}

function tensorModel(optimizer: GradientTransformation, initial: Params): LearnerModel {
  let params = initial;
  let state = optimizer.init(params);
  return {
    params: () => cloneTree(params),
    optimizerState: () => cloneTree(state),
    setOptimizerState(next) {
      disposeTree(state);
      state = cloneTree(next);
    },
    update(raw, scale) {
      const grads: Params = {};
      for (const [name, tensor] of Object.entries(params)) {
        const values = raw[name];
        if (values === undefined) throw new Error(`engine returned no gradient for '${name}'`);
        grads[name] = tf.tidy(() => tf.mul(tf.tensor(values, tensor.shape), scale));
      }
      const [updates, nextState] = optimizer.update(grads, state, params);
      const next = applyUpdates(params, updates);
      disposeTree([grads, updates, params, state]);
      params = next;
      state = nextState;
      return arraysOf(params);
    },
    dispose() {
      disposeTree([params, state]);
    },
  };
}
