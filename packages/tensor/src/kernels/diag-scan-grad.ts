/**
 * Gradient of `OlrdDiagScan`, backend-independent: built from `diagScan` itself (the fused
 * kernel where one exists) plus stock ops, so it runs everywhere and is itself differentiable.
 * Only inputs are saved and h is recomputed (one more scan): tfjs records the clones of saved
 * *outputs* on its tape before the kernel that produced them, so second derivatives through saved
 * outputs are silently dropped (tf.grad of tf.grad of tf.exp throws for the same reason).
 * With g = dL/dh (re, im) and hprev the state each step consumed (h_{t∓1}, 0 at the boundary):
 *   ε = scan of g in the opposite direction with conj(λ)      (ε_t = g_t + conj(λ) ε_{t±1})
 *   db = ε,  dλ_re = Σ_{b,t} hprev_re ε_re + hprev_im ε_im,  dλ_im = Σ_{b,t} hprev_re ε_im − hprev_im ε_re
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';
import { OlrdDiagScan, type OlrdDiagScanAttrs } from './kernel-names.js';
import { diagScan } from '../diag-scan.js';

/** Row mask over consecutive row pairs (r, r + 1) of a [B·T, N] view: 0 where they cross batches. */
function sameSequenceMask(batch: number, time: number): tf.Tensor2D {
  const pairs = batch * time - 1;
  const mask = new Float32Array(pairs).fill(1);
  for (let r = time - 1; r < pairs; r += time) mask[r] = 0;
  return tf.tensor2d(mask, [1, pairs]);
}

/**
 * Σ_{b,t} conj(hprev) ε as `[N]` (re, im). Pairs (h_{t−1}, ε_t) (reverse: (h_{t+1}, ε_t)) are
 * consecutive rows of the [B·T, N] views, so both operands are contiguous slices (a strided time
 * slice costs ~50 ms on the cpu backend at [50, 48, 64]); the few pairs that straddle two
 * sequences are masked out, and the masked sum over rows is a [1, R]·[R, N] matMul.
 */
function lambdaGradient(
  hRe: tf.Tensor3D,
  hIm: tf.Tensor3D,
  eRe: tf.Tensor3D,
  eIm: tf.Tensor3D,
  reverse: boolean,
): [tf.Tensor, tf.Tensor] {
  const [batch, time, units] = hRe.shape;
  if (time < 2 || batch === 0 || units === 0) return [tf.zeros([units]), tf.zeros([units])];
  const rows = batch * time;
  const pairRows = (x: tf.Tensor3D, later: boolean) =>
    tf.slice(tf.reshape(x, [rows, units]), [later ? 1 : 0, 0], [rows - 1, units]);
  const [pRe, pIm] = [pairRows(hRe, reverse), pairRows(hIm, reverse)];
  const [qRe, qIm] = [pairRows(eRe, !reverse), pairRows(eIm, !reverse)];
  const mask = sameSequenceMask(batch, time);
  return [
    tf.reshape(tf.matMul(mask, tf.add(tf.mul(pRe, qRe), tf.mul(pIm, qIm))), [units]),
    tf.reshape(tf.matMul(mask, tf.sub(tf.mul(pRe, qIm), tf.mul(pIm, qRe))), [units]),
  ];
}

/** `registerGradient` config of {@link OlrdDiagScan}. */
export const diagScanGradConfig: GradConfig = {
  kernelName: OlrdDiagScan,
  inputsToSave: ['lambdaRe', 'lambdaIm', 'bRe', 'bIm'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [lambdaRe, lambdaIm, bRe, bIm] = saved as [
      tf.Tensor1D,
      tf.Tensor1D,
      tf.Tensor3D,
      tf.Tensor3D,
    ];
    const { reverse } = attrs as OlrdDiagScanAttrs;
    // tfjs passes zeros for an output outside the loss's subgraph.
    const [gRe, gIm] = dy as [tf.Tensor3D, tf.Tensor3D];
    const [hRe, hIm] = diagScan(lambdaRe, lambdaIm, bRe, bIm, { reverse });
    const [eRe, eIm] = diagScan(lambdaRe, tf.neg(lambdaIm), gRe, gIm, { reverse: !reverse });
    const [dRe, dIm] = lambdaGradient(hRe, hIm, eRe, eIm, reverse);
    return { lambdaRe: () => dRe, lambdaIm: () => dIm, bRe: () => eRe, bIm: () => eIm };
  },
};
