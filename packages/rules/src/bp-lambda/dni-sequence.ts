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
  cellOf,
  stopGradient,
  synthesise,
  type ModelConfig,
  type Params,
  type Recurrence,
} from '@olrd/core';
import { captureGradient, injectSignal } from './bp-lambda-sequence.js';

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
  const cell = cellOf(config.layerCls);
  return (rec, u) => {
    const [batch, time] = u.shape as [number, number, number];
    const boundaries: DniBoundary[] = [];
    holder[layer] = boundaries;
    const chunks: tf.Tensor3D[] = [];
    let carry: tf.Tensor2D | undefined;
    for (let start = 0; start < time; start += truncation) {
      const length = Math.min(truncation, time - start);
      const chunk = cell.scan(
        rec,
        tf.slice(u, [0, start, 0], [-1, length, -1]) as tf.Tensor3D,
        config,
        carry,
      );
      if (start + length >= time) {
        chunks.push(chunk);
        break;
      }
      const size = chunk.shape[2];
      const end = tf.reshape(tf.slice(chunk, [0, length - 1, 0], [-1, 1, -1]), [batch, size]);
      const state = stopGradient(end) as tf.Tensor2D;
      const boundary: DniBoundary = {
        state: tf.keep(state),
        prediction: tf.keep(synthesise(params, layer, state) as tf.Tensor2D),
      };
      boundaries.push(boundary);
      // Value 0; its gradient, (s/B)·ĝ(h_b), enters the chunk at its last state.
      const extra = injectSignal(
        tf.sub(end, stopGradient(end)),
        tf.mul(boundary.prediction, sgWeight / batch),
      );
      const head = tf.slice(chunk, [0, 0, 0], [-1, length - 1, -1]);
      const tail = tf.reshape(tf.add(end, extra), [batch, 1, size]);
      chunks.push(tf.concat([head, tail], 1) as tf.Tensor3D);
      // The trigger: the next chunk starts from h_b, detached, and reports ∂L/∂h_b.
      carry = captureGradient((dy) => {
        boundary.arriving?.dispose();
        boundary.arriving = dy as tf.Tensor2D;
      }, state) as tf.Tensor2D;
    }
    return chunks.length === 1 ? (chunks[0] as tf.Tensor3D) : tf.concat(chunks, 1);
  };
}

/** The synthesiser's gradient for one layer from its boundaries (zero when there are none). */
export function dniSynthesiserGradients(
  boundaries: DniBoundary[],
  kernel: tf.Tensor,
): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const size = kernel.shape[0] as number;
    let kernelGrad = tf.zeros([size, size]) as tf.Tensor2D;
    let biasGrad = tf.zeros([size]) as tf.Tensor1D;
    for (const { state, prediction, arriving } of boundaries) {
      if (arriving === undefined)
        throw new Error('dni: the backward pass never reached a truncation boundary');
      const batch = state.shape[0];
      // prediction − target, the target one example's gradient (the loss is a batch mean).
      const error = tf.sub(prediction, tf.mul(arriving, batch));
      kernelGrad = tf.add(kernelGrad, tf.mul(tf.matMul(state, error, true, false), 1 / batch));
      biasGrad = tf.add(biasGrad, tf.mul(tf.sum(error, 0), 1 / batch));
    }
    return { kernel: kernelGrad, bias: biasGrad };
  });
}

/** Disposes what the recurrences kept. */
export function disposeBoundaries(holder: DniBoundary[][]): void {
  for (const layer of holder) {
    for (const b of layer ?? [])
      tf.dispose([b.state, b.prediction, ...(b.arriving ? [b.arriving] : [])]);
  }
}
