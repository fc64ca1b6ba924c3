/**
 * The masked per-step cross-entropy of spec 1 §3.3 and the accuracy counts of §3.4, and the entry
 * points that pick the readout's loss from the model config ({@link maskedLoss},
 * {@link targetsPerStep}), so callers never branch on it.
 */
import { tf } from '@olrd/tensor';
import { alignToOutput as alignTargets, stepWeights } from './loss-weighting.js';
import { lossKindOf, type ModelConfig } from './model-config.js';
import { maskedMse, regressionTargetsPerStep } from './mse-loss.js';

/**
 * Labels broadcast to [B, T, multidim] from [B], [B, T] or [B, T, multidim]. Always a fresh
 * tensor owned by the caller.
 */
export function labelsPerStep(
  y: tf.Tensor,
  batch: number,
  time: number,
  multidim: number,
): tf.Tensor3D {
  return tf.tidy(() => {
    if (y.rank === 1)
      return tf.tile(tf.reshape(y, [batch, 1, 1]), [1, time, multidim]) as tf.Tensor3D;
    if (y.rank === 2)
      return tf.tile(tf.reshape(y, [batch, y.shape[1] as number, 1]), [
        1,
        1,
        multidim,
      ]) as tf.Tensor3D;
    if (y.rank === 3) return tf.clone(y) as tf.Tensor3D;
    throw new Error(
      `labels must be [B], [B, T] or [B, T, multidim], got shape [${y.shape.join(', ')}]`,
    );
  });
}

/** Class labels aligned with the model's outputs (labels have a time axis from rank 2). */
function alignToOutput(
  logProbs: tf.Tensor4D,
  y: tf.Tensor,
  mask: tf.Tensor2D,
): { y: tf.Tensor3D; mask: tf.Tensor2D } {
  return alignTargets(logProbs, y, mask, labelsPerStep, y.rank >= 2);
}

/**
 * The targets of `config`'s loss broadcast to [B, T, multidim]: int32 class labels (from [B],
 * [B, T] or [B, T, multidim], {@link labelsPerStep}) for cross-entropy, float32 targets (from
 * [B, multidim] or [B, T, multidim]) for `mse`. Always a fresh tensor owned by the caller.
 */
export function targetsPerStep(
  y: tf.Tensor,
  batch: number,
  time: number,
  config: Pick<ModelConfig, 'multidim' | 'loss'>,
): tf.Tensor3D {
  return lossKindOf(config) === 'mse'
    ? regressionTargetsPerStep(y, batch, time, config.multidim)
    : labelsPerStep(y, batch, time, config.multidim);
}

/**
 * Per-step cross-entropy averaged over the heads, [B, T]. `logProbs` is [B, T, multidim, C].
 */
export function stepCrossEntropy(logProbs: tf.Tensor4D, y: tf.Tensor3D): tf.Tensor2D {
  const classes = logProbs.shape[3];
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.cast(y, 'int32'), classes)), -1);
  return tf.neg(tf.mean(picked, -1)) as tf.Tensor2D;
}

/**
 * L = (1/B)·Σ_b (1/Σ_t m_bt)·Σ_t m_bt·CE_bt: each sequence weighs equally, and within it the
 * loss is the mean over valid steps. A sequence with an empty mask contributes 0. With
 * `config.loss === 'mse'` the same weighting of the squared error instead ({@link maskedMse}):
 * `logProbs` are then the predictions and `y` the float targets.
 *
 * @param config - the model's loss choice; absent = cross-entropy
 */
export function maskedLoss(
  logProbs: tf.Tensor4D,
  y: tf.Tensor,
  mask: tf.Tensor2D,
  config: Pick<ModelConfig, 'loss'> = {},
): tf.Scalar {
  if (lossKindOf(config) === 'mse') return maskedMse(logProbs, y, mask);
  return tf.tidy(() => {
    const aligned = alignToOutput(logProbs, y, mask);
    const weights = stepWeights(aligned.mask);
    return tf.sum(tf.mul(stepCrossEntropy(logProbs, aligned.y), weights)) as tf.Scalar;
  });
}

/**
 * Correct predictions and their count as scalar tensors (owned by the caller), for cross-entropy
 * heads only (a regression readout has no accuracy: its metric is the loss). With several heads
 * (the copy task) every head at every masked step counts; with one head the prediction at each
 * sequence's last valid step counts ("Accuracy (last)", the reference's LRA metric).
 */
export function countCorrectTensors(
  logProbs: tf.Tensor4D,
  y: tf.Tensor,
  mask: tf.Tensor2D,
): { correct: tf.Scalar; total: tf.Scalar } {
  return tf.tidy(() => {
    const aligned = alignToOutput(logProbs, y, mask);
    const hits = tf.cast(tf.equal(tf.argMax(logProbs, -1), tf.cast(aligned.y, 'int32')), 'float32'); // [B, T, multidim]
    if (logProbs.shape[2] > 1) {
      const masked = tf.mul(hits, tf.expandDims(aligned.mask, 2));
      return {
        correct: tf.sum(masked) as tf.Scalar,
        total: tf.mul(tf.sum(aligned.mask), logProbs.shape[2]) as tf.Scalar,
      };
    }
    // Last valid step: the largest t with m_bt = 1.
    const time = aligned.mask.shape[1];
    const positions = tf.mul(aligned.mask, tf.range(1, time + 1));
    const lastIndex = tf.sub(tf.max(positions, 1), 1); // −1 when the mask is empty
    const valid = tf.greaterEqual(lastIndex, 0);
    // tf.oneHot needs a depth ≥ 2, so a single step (the `last` and `pool` modes) is read directly.
    const hitAtLast =
      time === 1
        ? tf.reshape(hits, [-1])
        : tf.sum(
            tf.mul(
              tf.squeeze(hits, [2]),
              tf.oneHot(tf.cast(tf.maximum(lastIndex, 0), 'int32'), time),
            ),
            1,
          );
    return {
      correct: tf.sum(tf.where(valid, hitAtLast, tf.zerosLike(hitAtLast))) as tf.Scalar,
      total: tf.sum(tf.cast(valid, 'float32')) as tf.Scalar,
    };
  });
}

/** {@link countCorrectTensors} read back synchronously (cpu, wasm, tensorflow backends). */
export function countCorrect(
  logProbs: tf.Tensor4D,
  y: tf.Tensor,
  mask: tf.Tensor2D,
): { correct: number; total: number } {
  const { correct, total } = countCorrectTensors(logProbs, y, mask);
  const result = { correct: correct.dataSync()[0] as number, total: total.dataSync()[0] as number };
  tf.dispose([correct, total]);
  return result;
}

/** {@link countCorrectTensors} read back asynchronously: works on every backend, webgpu included. */
export async function countCorrectAsync(
  logProbs: tf.Tensor4D,
  y: tf.Tensor,
  mask: tf.Tensor2D,
): Promise<{ correct: number; total: number }> {
  const { correct, total } = countCorrectTensors(logProbs, y, mask);
  const [c, n] = await Promise.all([correct.data(), total.data()]);
  tf.dispose([correct, total]);
  return { correct: c[0] as number, total: n[0] as number };
}
