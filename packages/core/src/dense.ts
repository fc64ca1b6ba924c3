/**
 * Dense (affine) maps over the last axis with kernels stored [in, out] (y = x·K + b), and the
 * Flax LeCun-normal initialiser the reference uses for them.
 */
import { tf } from '@olrd/tensor';
import { truncatedNormalArray, type Uniform } from './random.js';

/** Flax `lecun_normal`: truncated normal on [−2σ, 2σ], variance 1/fan_in after truncation. */
export function lecunNormal(uniform: Uniform, fanIn: number, fanOut: number): Float32Array {
  // 0.8796… is the std of a standard normal truncated to [−2, 2]; Flax divides by it.
  const scale = Math.sqrt(1 / fanIn) / 0.87962566103423978;
  return truncatedNormalArray(uniform, fanIn * fanOut, scale);
}

/** x [..., in] · kernel [in, out] (+ bias [out]) → [..., out], for any rank of x. */
export function dense(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const inFeatures = x.shape[x.shape.length - 1] as number;
  const outFeatures = kernel.shape[1] as number;
  const flat = x.rank === 2 ? (x as tf.Tensor2D) : (tf.reshape(x, [-1, inFeatures]) as tf.Tensor2D);
  let y: tf.Tensor = tf.matMul(flat, kernel as tf.Tensor2D);
  if (bias !== undefined) y = tf.add(y, bias);
  return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), outFeatures]);
}
