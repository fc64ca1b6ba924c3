/**
 * The optimiser interface, in optax's shape (spec 5 lesson 6): a pair of pure functions over
 * explicit state.
 *
 * Ownership (the one rule for every transformation here): functions never dispose their
 * arguments; `init` and `update` return fresh tensors (fresh handles even where values are
 * unchanged); the caller disposes the old state and the updates it no longer needs.
 */
import type { Params } from '@olrd/core';
import type { OptState } from './tree.js';

/** A gradient transformation (optax `GradientTransformation`). */
export interface GradientTransformation<S extends OptState = OptState> {
  /** Builds the initial state for `params` (shapes only; values are not kept). */
  init(params: Params): S;
  /**
   * Transforms `updates` (gradients, or the output of an earlier transformation).
   *
   * @param updates - name → tensor, same names and shapes as `params`
   * @param state - the state returned by `init` or by the previous `update`
   * @param params - current parameters; required by transformations that read them (weight decay)
   * @returns fresh updates and fresh state; the arguments are untouched
   */
  update(updates: Params, state: S, params?: Params): [Params, S];
}

/** A learning-rate schedule: optimiser update index (0-based) → learning rate. */
export type Schedule = (step: number) => number;
