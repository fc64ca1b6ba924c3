/**
 * What every synthesiser update shares: the reverse recursion that forms λ-SG targets from the
 * errors arriving at the states, and the regression gradient of a linear synthesiser on them.
 * `bp_lambda` (sequence), `dni` (both executions) and the learning-signal alignment all use them.
 */
import { tf } from '@olrd/tensor';

/**
 * The gradient of the batch mean of ½·Σ‖target − ĝ(s)‖² for ĝ(s) = s·K + b, the targets held
 * constant (semi-gradient): K gets sᵀ·error/B, b gets Σ error/B.
 *
 * @param states - the synthesiser's inputs, one row per (example, step) [N, S]
 * @param error - ĝ(s) − target per row [N, S]
 * @param batch - B: the rows are summed over steps and averaged over examples
 */
export function regressionGradients(
  states: tf.Tensor2D,
  error: tf.Tensor2D,
  batch: number,
): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  return tf.tidy(() => ({
    kernel: tf.mul(tf.matMul(states, error, true, false), 1 / batch) as tf.Tensor2D,
    bias: tf.mul(tf.sum(error, 0), 1 / batch) as tf.Tensor1D,
  }));
}

/**
 * The λ-SG targets of spec 2 §2 by the backward recursion
 * G_t = (ℓ_{t+1} + γ·[(1−λ)·ĝ_{t+1} + λ·G_{t+1}])·J_{t+1}, G_{T−1} = 0.
 * With γ = λ = 1 (and any ĝ) G_t is BPTT's future gradient Σ_{k>t} ℓ_k·∂s_k/∂s_t, so ℓ_t + G_t is
 * the whole ∂L/∂s_t.
 *
 * @param immediate - ℓ_t [B, T, S]
 * @param jacobians - J_t = ∂s_t/∂s_{t−1} [B, T, S, S] (J_0 unused)
 * @param predictions - ĝ_t [B, T, S]; omitted when λ = 1 makes them irrelevant
 * @returns G_t [B, T, S]
 */
export function reverseTargets(
  immediate: tf.Tensor3D,
  jacobians: tf.Tensor4D,
  gamma: number,
  lambda: number,
  predictions?: tf.Tensor3D,
): tf.Tensor3D {
  if (predictions === undefined && lambda !== 1)
    throw new Error('reverseTargets: λ < 1 bootstraps from the predictions ĝ; pass them');
  return tf.tidy(() => {
    const [batch, time, size] = immediate.shape;
    const at = (t: tf.Tensor, step: number): tf.Tensor =>
      tf.slice(t, [0, step, 0], [-1, 1, -1]) as tf.Tensor; // [B, 1, S]
    const targets: tf.Tensor[] = new Array(time);
    let target = tf.zeros([batch, 1, size]);
    targets[time - 1] = target;
    for (let t = time - 2; t >= 0; t--) {
      const bootstrap =
        predictions === undefined || lambda === 1
          ? target
          : tf.add(tf.mul(at(predictions, t + 1), 1 - lambda), tf.mul(target, lambda));
      const mixed = tf.add(at(immediate, t + 1), tf.mul(bootstrap, gamma));
      const jacobian = tf.reshape(tf.slice(jacobians, [0, t + 1, 0, 0], [-1, 1, -1, -1]), [
        batch,
        size,
        size,
      ]);
      target = tf.matMul(mixed, jacobian); // row · J
      targets[t] = target;
    }
    return tf.concat(targets, 1) as tf.Tensor3D;
  });
}
