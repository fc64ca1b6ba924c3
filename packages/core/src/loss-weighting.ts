/**
 * What every readout loss shares (spec 1 §3.3): the per-step weights that make each sequence weigh
 * equally, and the collapse of targets and mask to the one step a pooled model predicts.
 */
import { tf } from '@olrd/tensor';

/** Broadcasts targets to [B, T, multidim] (a fresh tensor owned by the caller). */
export type TargetsPerStep = (
  y: tf.Tensor,
  batch: number,
  time: number,
  multidim: number,
) => tf.Tensor3D;

/** The per-step loss weights m_bt / (B·max(Σ_t m_bt, 1)), [B, T]: the loss is Σ w·(step loss). */
export function stepWeights(mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const batch = mask.shape[0];
    const perSequence = tf.maximum(tf.sum(mask, 1, true), 1);
    return tf.div(mask, tf.mul(perSequence, batch)) as tf.Tensor2D;
  });
}

/**
 * Targets per step and the mask, aligned with the model's outputs [B, T, multidim, C]. When the
 * model pooled to one step (`last`/`pool`), targets and mask collapse to that step: the targets
 * of the last step (when they have a time axis), and a mask of ones.
 *
 * @param timeAxis - whether `y` has a time axis at dimension 1 (per-step targets)
 */
export function alignToOutput(
  outputs: tf.Tensor4D,
  y: tf.Tensor,
  mask: tf.Tensor2D,
  perStep: TargetsPerStep,
  timeAxis: boolean,
): { y: tf.Tensor3D; mask: tf.Tensor2D } {
  const [batch, time, multidim] = outputs.shape;
  const labelTime = timeAxis ? (y.shape[1] as number) : time;
  if (time === 1 && (labelTime !== 1 || mask.shape[1] !== 1)) {
    const yLast = !timeAxis
      ? y
      : y.rank === 2
        ? tf.slice(y, [0, labelTime - 1], [-1, 1])
        : tf.slice(y, [0, labelTime - 1, 0], [-1, 1, -1]);
    return { y: perStep(yLast, batch, 1, multidim), mask: tf.ones([batch, 1]) };
  }
  return { y: perStep(y, batch, time, multidim), mask };
}
