/**
 * BP(λ) in sequence execution, by its backward view (spec 2 §3.4): with the parameters fixed
 * within a sequence, the summed accumulate-BP(λ) updates equal the offline λ-SG regression, so
 * the whole sequence is processed at once and the synthesiser's gradient comes from the targets
 * G_t = (ℓ_{t+1} + γ[(1−λ)·ĝ_{t+1} + λ·G_{t+1}])·J_{t+1}, G_{T−1} = 0.
 *
 * Each layer's recurrence is `capture(main) + inject(extra)`:
 * - `main` carries the value (the exact states) and the rule's own credit: the one-step
 *   sensitivities (`bp_lambda`, the carry detached), or `online_full`'s exact in-layer traces (the
 *   LRU hybrid `online_full_bp_lambda`);
 * - `capture` is the identity whose backward keeps the error arriving at the states, ℓ_t: the
 *   same-step error from the readout and from the layers above (their synthetic gradients
 *   included), which is what the synthesiser's TD targets need;
 * - `inject` adds (s/B)·ĝ_t to the backward pass and nothing to the value: for `bp_lambda` into
 *   the one-step graph (so parameters and the layer's input receive ℓ_t + s·ĝ_t), for the hybrid
 *   into the input path only (online_full's traces already give the in-layer credit; what they
 *   truncate is the credit that reaches the layer below through later steps).
 *
 * Units: the loss is a batch mean, so ℓ = ∂L/∂s carries 1/B. The synthesiser predicts one
 * example's future gradient (B·ℓ's scale) and its gradient is that of the batch mean of
 * ½·Σ_t ‖G_t − ĝ_t‖², the targets held constant (semi-gradient).
 */
import { tf } from '@olrd/tensor';
import {
  cellOf,
  scope,
  stopGradient,
  synthesise,
  type ModelConfig,
  type Params,
  type Recurrence,
} from '@olrd/core';
import { previousStates } from '../cell-rules/cell-recurrence.js';
import { onlineRecurrence } from '../online-recurrence.js';
import type { SyntheticGradientOptions } from './sg-options.js';
import { regressionGradients, reverseTargets } from './sg-regression.js';

/** What one layer's recurrence leaves for the synthesiser update (all kept; dispose after). */
export interface LayerCapture {
  /** The exact states s_t [B, T, S]. */
  states: tf.Tensor3D;
  /** s_{t−1} [B·T, S] and the layer input u_t [B·T, H], for the Jacobians. */
  previous: tf.Tensor2D;
  inputs: tf.Tensor2D;
  /** ĝ_t [B, T, S], zero at the last step. */
  predictions: tf.Tensor3D;
  /** ∂L/∂s_t [B, T, S] as it arrived in the backward pass (set once it ran). */
  arriving?: tf.Tensor3D;
}

/** The identity whose backward pass hands (a kept copy of) the arriving gradient to `onGradient`. */
export function captureGradient(onGradient: (dy: tf.Tensor) => void, x: tf.Tensor): tf.Tensor {
  const op = tf.customGrad(((value: tf.Tensor) => ({
    value: tf.clone(value),
    gradFunc: (dy: tf.Tensor) => {
      onGradient(tf.keep(tf.clone(dy)));
      return dy;
    },
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor;
}

/** The identity whose backward pass stores the arriving gradient in `holder.arriving`. */
function captureArriving(holder: LayerCapture, x: tf.Tensor): tf.Tensor {
  return captureGradient((dy) => {
    holder.arriving?.dispose();
    holder.arriving = dy as tf.Tensor3D;
  }, x);
}

/** The identity whose gradient is `signal`, whatever arrives (adds a constant to the backward). */
export function injectSignal(x: tf.Tensor, signal: tf.Tensor): tf.Tensor {
  // `signal` is an input (with a zero gradient) and saved, so it outlives the forward pass.
  const op = tf.customGrad(((value: tf.Tensor, sg: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([sg]);
    return {
      value: tf.clone(value),
      gradFunc: (_dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.clone(saved[0] as tf.Tensor),
        tf.zerosLike(saved[0] as tf.Tensor),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, signal) as tf.Tensor;
}

/** Zero on the last step, one elsewhere: [1, T, 1] (nothing lies beyond the sequence). */
function notLast(time: number): tf.Tensor {
  return tf.concat([tf.ones([1, time - 1, 1]), tf.zeros([1, 1, 1])], 1);
}

/**
 * The recurrence of layer `layer` for `bp_lambda` (or the hybrid), filling `holder`.
 *
 * @param params - the full parameters (the synthesiser is read from them, as a constant)
 */
export function bpLambdaRecurrence(
  hybrid: boolean,
  layer: number,
  params: Params,
  config: ModelConfig,
  options: Required<SyntheticGradientOptions>,
  holder: LayerCapture[],
): Recurrence {
  const cell = cellOf(config.layerCls);
  return (rec, u) => {
    const [batch, time, width] = u.shape as [number, number, number];
    const exact = stopGradient(cell.scan(rec, u as tf.Tensor3D, config)) as tf.Tensor3D;
    const size = exact.shape[2];
    const previous = tf.reshape(previousStates(exact), [batch * time, size]) as tf.Tensor2D;
    const flatU = tf.reshape(u, [batch * time, width]) as tf.Tensor2D;
    const oneStep = (r: Params): tf.Tensor =>
      tf.reshape(
        cell.update(r, previous, cell.recurrentTerms(r, previous, config), flatU, config),
        [batch, time, size],
      );
    const predictions = tf.mul(synthesise(params, layer, exact), notLast(time)) as tf.Tensor3D;
    holder[layer] = {
      states: tf.keep(exact),
      previous: tf.keep(previous),
      inputs: tf.keep(stopGradient(flatU) as tf.Tensor2D),
      predictions: tf.keep(predictions),
    };
    const signal = tf.mul(predictions, options.sgWeight / batch);
    let main: tf.Tensor;
    let extraGraph: tf.Tensor;
    if (hybrid) {
      main = onlineRecurrence('online_full')(rec, u);
      const stopped: Params = {};
      for (const [name, tensor] of Object.entries(rec)) stopped[name] = stopGradient(tensor);
      extraGraph = oneStep(stopped);
    } else {
      main = oneStep(rec);
      extraGraph = main;
    }
    // Value 0; its gradient, (s/B)·ĝ, flows through the one-step graph only.
    const extra = tf.sub(extraGraph, stopGradient(extraGraph));
    return tf.add(
      captureArriving(holder[layer] as LayerCapture, main),
      injectSignal(extra, signal),
    );
  };
}

/** J_t = ∂s_t/∂s_{t−1} at every step of the captured layer [B, T, S, S]. */
export function layerJacobians(
  capture: LayerCapture,
  rec: Params,
  config: ModelConfig,
): tf.Tensor4D {
  const [batch, time, size] = capture.states.shape;
  return tf.reshape(
    cellOf(config.layerCls).jacobian(rec, capture.previous, capture.inputs, config),
    [batch, time, size, size],
  );
}

/**
 * The synthesiser's gradient for one layer from what its recurrence captured: descent on the
 * batch mean of ½·Σ_t ‖G_t − ĝ_t‖² with the λ-SG targets G_t held constant.
 */
export function synthesiserGradients(
  capture: LayerCapture,
  rec: Params,
  config: ModelConfig,
  options: Required<SyntheticGradientOptions>,
): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const [batch, time, size] = capture.states.shape;
    if (capture.arriving === undefined)
      throw new Error('bp_lambda: the backward pass never reached the layer states');
    // One example's immediate gradient: the loss is a batch mean.
    const immediate = tf.mul(capture.arriving, batch) as tf.Tensor3D;
    const targets = reverseTargets(
      immediate,
      layerJacobians(capture, rec, config),
      options.gamma,
      options.lambda,
      capture.predictions,
    );
    const rows = (t: tf.Tensor): tf.Tensor2D => tf.reshape(t, [batch * time, size]);
    return regressionGradients(
      rows(capture.states),
      rows(tf.sub(capture.predictions, targets)),
      batch,
    );
  });
}

/** Disposes what the recurrences captured. */
export function disposeCaptures(holder: LayerCapture[]): void {
  for (const c of holder) {
    if (c === undefined) continue;
    tf.dispose([
      c.states,
      c.previous,
      c.inputs,
      c.predictions,
      ...(c.arriving ? [c.arriving] : []),
    ]);
  }
}

/** The layer's recurrent parameters (local names) from the full tree. */
export function layerRec(params: Params, layer: number): Params {
  return scope(params, `layers.${layer}.rec.`);
}
