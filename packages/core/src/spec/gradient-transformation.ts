/**
 * The optimiser interface, in optax's shape (spec 5 lesson 6): a pair of pure functions over
 * explicit state. `@olrd/train` implements it (Adam, weight decay, clipping, schedules, parameter
 * groups); anything with this shape composes with them.
 *
 * Ownership (the one rule for every transformation): functions never dispose their arguments;
 * `init` and `update` return fresh tensors (fresh handles even where values are unchanged); the
 * caller disposes the old state and the updates it no longer needs.
 */
import type { tf } from '@olrd/tensor';
import type { Params } from '../params.js';
import type { SpecificationVersion } from './version.js';

/** Optimiser state: a tensor, a step counter, or an array/record of states. */
export type OptState =
  tf.Tensor | number | readonly OptState[] | { readonly [key: string]: OptState };

/** Parameters, gradients or updates as plain float32 arrays (row-major, spec-0 names). */
export type ArrayParams = Record<string, Float32Array>;

/** Optimiser state in plain arrays, laid out exactly as the tensor form's `OptState`. */
export type ArrayOptState =
  Float32Array | number | ArrayOptState[] | { [key: string]: ArrayOptState };

/**
 * A transformation's typed-array form, for engines that keep parameters in arrays (the fused
 * engine): the same numbers as the tensor form, float32 operation for operation, with no tensor
 * and no allocation per update.
 */
export interface ArrayTransformation {
  /** The initial state for `params` (shapes only), laid out as the tensor form's `init`. */
  init(params: ArrayParams): ArrayOptState;
  /**
   * Transforms `updates` in place (and the state's arrays in place).
   *
   * @returns the next state (counters are numbers, so the record itself may be new)
   */
  update(updates: ArrayParams, state: ArrayOptState, params?: ArrayParams): ArrayOptState;
}

/** A gradient transformation (optax `GradientTransformation`). */
export interface GradientTransformation<S extends OptState = OptState> {
  /** The version of this interface the transformation implements (absent: the current one). */
  readonly specificationVersion?: SpecificationVersion;
  /**
   * The same transformation over plain arrays, when it has one (every transformation of
   * `@olrd/train` does; a composition has one when all its parts do).
   */
  readonly arrays?: ArrayTransformation;
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
