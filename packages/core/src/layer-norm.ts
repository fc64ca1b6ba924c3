/** LayerNorm over the last axis as Flax's (ε = 1e-6, learned scale and bias, biased variance). */
import { tf } from '@olrd/tensor';

export const LAYER_NORM_EPSILON = 1e-6;

/** (x − mean) / sqrt(var + ε) · scale + bias over the last axis of x. */
export function layerNorm(x: tf.Tensor, scale: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(
    tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), scale),
    bias,
  );
}
