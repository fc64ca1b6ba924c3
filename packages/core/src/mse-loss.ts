/**
 * The masked mean squared error of a regression readout (`loss: 'mse'`, the BP(λ) toy task of
 * spec 2 §9), weighted exactly as the cross-entropy: each sequence weighs equally, within it the
 * mean over valid steps, within a step the mean over the `multidim` outputs.
 */
import { tf } from '@olrd/tensor';
import { alignToOutput, stepWeights } from './loss-weighting.js';

/**
 * Regression targets broadcast to [B, T, multidim] float32 from [B, multidim] (one target per
 * sequence, e.g. bp-toy's point) or [B, T, multidim] (one per step). Always a fresh tensor owned
 * by the caller.
 */
export function regressionTargetsPerStep(
  y: tf.Tensor,
  batch: number,
  time: number,
  multidim: number,
): tf.Tensor3D {
  return tf.tidy(() => {
    const values = tf.cast(y, 'float32');
    if (y.rank === 2 && y.shape[1] === multidim)
      return tf.tile(tf.reshape(values, [batch, 1, multidim]), [1, time, 1]) as tf.Tensor3D;
    if (y.rank === 3 && y.shape[2] === multidim) return tf.clone(values) as tf.Tensor3D;
    throw new Error(
      `regression targets must be [B, multidim] or [B, T, multidim] with multidim = ${multidim}, got shape [${y.shape.join(', ')}]`,
    );
  });
}

/**
 * Squared error averaged over the heads: predictions [..., multidim, 1] and targets
 * [..., multidim] → [...] (e.g. [B, T] per step, or [B] for one step).
 */
export function stepSquaredError(predictions: tf.Tensor, targets: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.mean(
      tf.squaredDifference(
        tf.squeeze(predictions, [predictions.rank - 1]),
        tf.cast(targets, 'float32'),
      ),
      -1,
    ),
  );
}

/**
 * L = (1/B)·Σ_b (1/Σ_t m_bt)·Σ_t m_bt·SE_bt with SE_bt the squared error averaged over the
 * outputs. `predictions` is [B, T, multidim, 1] (what `decode` gives with `loss: 'mse'`), `y` as
 * {@link regressionTargetsPerStep} accepts. A sequence with an empty mask contributes 0.
 */
export function maskedMse(predictions: tf.Tensor4D, y: tf.Tensor, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const aligned = alignToOutput(predictions, y, mask, regressionTargetsPerStep, y.rank === 3);
    const weights = stepWeights(aligned.mask);
    return tf.sum(tf.mul(stepSquaredError(predictions, aligned.y), weights)) as tf.Scalar;
  });
}
