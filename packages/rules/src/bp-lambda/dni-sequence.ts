/**
 * `dni`: truncated BPTT with synthetic gradients at the truncation boundaries (Jaderberg et al.
 * 2017, the baseline of spec 2 §6.2), in sequence execution.
 *
 * The sequence is cut into chunks of n steps (from t = 0, as `tbptt`, so streaming execution forms
 * the same chunks without knowing T). Each chunk is exact BPTT from the detached carry; at the
 * chunk's last state h_b the synthetic gradient s·ĝ(h_b) is injected (none after the final
 * chunk), so the chunk's parameters and inputs also receive the credit of the steps beyond it. The
 * carry into the next chunk passes through a trigger that keeps the gradient arriving at it: that
 * gradient, the next chunk's losses plus its own s-scaled bootstrap backpropagated n steps, is the
 * synthesiser's regression target at h_b (so DNI's bootstrap is discounted by s, spec 2 §6.2).
 *
 * With n = 1 this is BP(0) with γ = s (spec 2 §6.1): the same one-step sensitivities, learning
 * signal ℓ_t + s·ĝ_t and target (ℓ_{t+1} + s·ĝ_{t+1})·J_{t+1}; the tests pin that equivalence.
 *
 * Units as `bp_lambda` (bp-lambda-sequence.ts): ĝ predicts one example's gradient, so (s/B)·ĝ is
 * injected into the batch-mean loss, and the synthesiser descends the batch mean of
 * ½·Σ_b ‖B·∂L/∂h_b − ĝ(h_b)‖², the target held constant.
 */
import { tf } from '@olrd/tensor';
import {
  stopGradient,
  synthesise,
  type ModelConfig,
  type Params,
  type Recurrence,
} from '@olrd/core';
import { chunkedScan, type ChunkBoundary } from '../cell-rules/cell-recurrence.js';
import { captureGradient, injectSignal } from './bp-lambda-sequence.js';
import { regressionGradients } from './sg-regression.js';

/** One truncation boundary: the state h_b, the prediction ĝ(h_b) and, after the backward pass, ∂L/∂h_b. */
export interface DniBoundary {
  state: tf.Tensor2D;
  prediction: tf.Tensor2D;
  arriving?: tf.Tensor2D;
}

/**
 * The recurrence of layer `layer` for `dni` with chunks of `truncation` steps; pushes the layer's
 * boundaries into `holder[layer]` (kept; {@link disposeBoundaries} after).
 */
export function dniRecurrence(
  layer: number,
  params: Params,
  config: ModelConfig,
  truncation: number,
  sgWeight: number,
  holder: DniBoundary[][],
): Recurrence {
  return (rec, u) => {
    const batch = u.shape[0] as number;
    const boundaries: DniBoundary[] = [];
    holder[layer] = boundaries;
    const atBoundary: ChunkBoundary = (end) => {
      const state = stopGradient(end) as tf.Tensor2D;
      const boundary: DniBoundary = {
        state: tf.keep(state),
        prediction: tf.keep(synthesise(params, layer, state) as tf.Tensor2D),
      };
      boundaries.push(boundary);
      // Value 0; its gradient, (s/B)·ĝ(h_b), enters the chunk at its last state.
      const extra = injectSignal(tf.sub(end, state), tf.mul(boundary.prediction, sgWeight / batch));
      return {
        end: tf.add(end, extra) as tf.Tensor2D,
        // The trigger: the next chunk starts from h_b, detached, and reports ∂L/∂h_b.
        carry: captureGradient((dy) => {
          boundary.arriving?.dispose();
          boundary.arriving = dy as tf.Tensor2D;
        }, state) as tf.Tensor2D,
      };
    };
    return chunkedScan(config, truncation, atBoundary)(rec, u);
  };
}

/** The synthesiser's gradient for one layer from its boundaries (zero when there are none). */
export function dniSynthesiserGradients(
  boundaries: DniBoundary[],
  kernel: tf.Tensor,
): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  const size = kernel.shape[0] as number;
  if (boundaries.length === 0) return { kernel: tf.zeros([size, size]), bias: tf.zeros([size]) };
  if (boundaries.some((b) => b.arriving === undefined))
    throw new Error('dni: the backward pass never reached a truncation boundary');
  return tf.tidy(() => {
    const batch = (boundaries[0] as DniBoundary).state.shape[0];
    // prediction − target, the target one example's gradient (the loss is a batch mean).
    const error = tf.concat(
      boundaries.map(({ prediction, arriving }) =>
        tf.sub(prediction, tf.mul(arriving as tf.Tensor2D, batch)),
      ),
    ) as tf.Tensor2D;
    return regressionGradients(tf.concat(boundaries.map((b) => b.state)), error, batch);
  });
}

/** Disposes what the recurrences kept. */
export function disposeBoundaries(holder: DniBoundary[][]): void {
  for (const layer of holder) {
    for (const b of layer ?? [])
      tf.dispose([b.state, b.prediction, ...(b.arriving ? [b.arriving] : [])]);
  }
}
