/** GELU in its tanh form, JAX's default (`jax.nn.gelu(approximate=True)`). */
import { tf } from '@olrd/tensor';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * 0.5·x·(1 + tanh(z)) with z = √(2/π)·(x + 0.044715·x³), computed as x·σ(2z) (the same function:
 * 0.5·(1 + tanh z) = σ(2z)) because wasm's Tanh and Pow kernels are several times slower than
 * Sigmoid and Mul.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const cubic = tf.mul(tf.mul(tf.mul(x, x), x), 0.044715);
  return tf.mul(x, tf.sigmoid(tf.mul(tf.add(x, cubic), 2 * SQRT_2_OVER_PI)));
}
