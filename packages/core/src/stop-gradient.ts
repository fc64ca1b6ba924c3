/**
 * Identity in the forward pass, zero gradient in the backward pass (tfjs has no public
 * stop_gradient). Used for the straight-through pooling and the online rules' "no path through
 * time" constants.
 */
import { tf } from '@olrd/tensor';

const stop = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]);

/** Returns a copy of `x` through which no gradient flows. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
