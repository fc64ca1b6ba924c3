/**
 * A rule in streaming execution, optax-style: pure functions over explicit state. `step` consumes
 * one time step (and returns a new state; the caller disposes the old one with `dispose`),
 * `finish` completes work a rule defers (truncated BPTT's last chunk), `gradients` reads the
 * accumulated gradient.
 */
import type { tf } from '@olrd/tensor';
import type { DropoutMasks } from '../dropout.js';
import type { ModelConfig } from '../model-config.js';
import type { Params } from '../params.js';
import type { SpecificationVersion } from './version.js';

/**
 * One step's target: labels [B, multidim] (int32; float32 regression targets for a model with
 * `loss: 'mse'`) and loss weights [B]. Rules score a step with `stepLoss(…, config)`, which picks
 * the loss from the config.
 */
export interface StepTarget {
  y: tf.Tensor2D;
  weight: tf.Tensor1D;
}

/** A learning rule one step at a time, over a state of its own (`State`). */
export interface StreamingRule<State> {
  /** The version of this interface the rule implements (absent: the current one). */
  readonly specificationVersion?: SpecificationVersion;
  init(params: Params, config: ModelConfig, batchSize: number): State;
  /**
   * Consumes x_t [B, d_input]; returns the new state and this step's log-probs [B, multidim, C]
   * (the predictions [B, multidim, 1] with `loss: 'mse'`).
   */
  step(
    state: State,
    params: Params,
    config: ModelConfig,
    x: tf.Tensor2D,
    target: StepTarget | null,
    dropoutMasks: DropoutMasks,
    /**
     * True on the sequences' last step (BP(λ) sets its bootstrap ĝ_T to 0 there); absent on an
     * endless stream.
     */
    last?: boolean,
  ): { state: State; logProbs: tf.Tensor3D };
  /** Completes deferred work at the end of the sequences (a no-op for most rules). */
  finish?(state: State, params: Params, config: ModelConfig, dropoutMasks: DropoutMasks): State;
  /** The accumulated gradient of every parameter (owned by the caller). */
  gradients(state: State, params: Params): Params;
  /** The accumulated loss (owned by the caller). */
  loss(state: State): tf.Scalar;
  dispose(state: State): void;
}
