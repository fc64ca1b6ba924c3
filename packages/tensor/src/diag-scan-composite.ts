/**
 * The composite (stock-ops) diagonal complex scan: the fallback used on every backend that has no
 * fused `OlrdDiagScan` kernel (e.g. `tensorflow`/`cuda`), and the reference the kernels are tested
 * against. Hillis–Steele doubling: log2(T) rounds of "h_t += λ^d · h_{t−d}", each a handful of
 * element-wise ops, so depth is O(log T) instead of T tiny ops. Differentiable by autodiff.
 */
import * as tf from '@tensorflow/tfjs-core';

/** (aRe + i aIm) · (bRe + i bIm), broadcasting. */
function complexMul(
  aRe: tf.Tensor,
  aIm: tf.Tensor,
  bRe: tf.Tensor,
  bIm: tf.Tensor,
): [tf.Tensor, tf.Tensor] {
  return [tf.sub(tf.mul(aRe, bRe), tf.mul(aIm, bIm)), tf.add(tf.mul(aRe, bIm), tf.mul(aIm, bRe))];
}

/** Shift along time (axis 1) by d steps, filling with zeros: forward moves t−d → t, reverse t+d → t. */
function shiftTime(x: tf.Tensor3D, d: number, reverse: boolean): tf.Tensor3D {
  const [batch, time, units] = x.shape;
  const zeros = tf.zeros([batch, d, units]) as tf.Tensor3D;
  if (reverse) return tf.concat([tf.slice(x, [0, d, 0], [batch, time - d, units]), zeros], 1);
  return tf.concat([zeros, tf.slice(x, [0, 0, 0], [batch, time - d, units])], 1);
}

/** h_t = λ ⊙ h_{t∓1} + b_t over [B, T, N] (re, im) with λ [N]; see {@link diagScan}. */
export function diagScanComposite(
  lambdaRe: tf.Tensor1D,
  lambdaIm: tf.Tensor1D,
  bRe: tf.Tensor3D,
  bIm: tf.Tensor3D,
  reverse = false,
): [tf.Tensor3D, tf.Tensor3D] {
  return tf.tidy(() => {
    const time = bRe.shape[1];
    let hRe: tf.Tensor3D = bRe;
    let hIm: tf.Tensor3D = bIm;
    let powRe: tf.Tensor = lambdaRe;
    let powIm: tf.Tensor = lambdaIm;
    for (let d = 1; d < time; d *= 2) {
      const [addRe, addIm] = complexMul(
        powRe,
        powIm,
        shiftTime(hRe, d, reverse),
        shiftTime(hIm, d, reverse),
      );
      hRe = tf.add(hRe, addRe) as tf.Tensor3D;
      hIm = tf.add(hIm, addIm) as tf.Tensor3D;
      [powRe, powIm] = complexMul(powRe, powIm, powRe, powIm);
    }
    if (time <= 1) {
      // λ takes no part in a one-step scan, but tf.grads throws for inputs outside the graph;
      // adding 0·λ makes dλ an ordinary zero gradient (and gives fresh handles, not b itself).
      return [tf.add(hRe, tf.mul(lambdaRe, 0)), tf.add(hIm, tf.mul(lambdaIm, 0))];
    }
    return [hRe, hIm];
  });
}
