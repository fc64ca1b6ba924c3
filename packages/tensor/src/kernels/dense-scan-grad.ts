/**
 * Gradient of `OlrdDenseScan`, backend-independent. Inputs are saved and h is recomputed (one
 * more scan), for the reason diag-scan-grad.ts gives. With g = dL/dh and ε the adjoint scan:
 *   db = ε,  dA = Σ_{b,t} ε_t ρ(h_{t−1})ᵀ  (one [N, B·T]·[B·T, N] matMul),
 *   d initial = ρ′(h_{−1}) ⊙ Aᵀ ε_0.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';
import { OlrdDenseScan, type OlrdDenseScanAttrs } from './kernel-names.js';
import { denseScan, denseScanActivate, denseScanAdjoint, denseScanSlope } from '../dense-scan.js';

/** `registerGradient` config of {@link OlrdDenseScan}. */
export const denseScanGradConfig: GradConfig = {
  kernelName: OlrdDenseScan,
  inputsToSave: ['a', 'b', 'initial'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [a, b, initial] = saved as [tf.Tensor2D, tf.Tensor3D, tf.Tensor2D];
    const { activation } = attrs as OlrdDenseScanAttrs;
    const g = (Array.isArray(dy) ? dy[0] : dy) as tf.Tensor3D;
    const [batch, time, units] = b.shape;
    const h = denseScan(a, b, { initial, activation });
    const epsilon = denseScanAdjoint(a, h, g, activation);
    // h_{t−1} for every t: the initial state, then h without its last step.
    const previous = tf.concat(
      [tf.expandDims(initial, 1), tf.slice(h, [0, 0, 0], [batch, time - 1, units])],
      1,
    );
    const rows = batch * time;
    const dA = () =>
      tf.matMul(
        tf.reshape(epsilon, [rows, units]),
        tf.reshape(denseScanActivate(previous, activation), [rows, units]),
        true,
        false,
      );
    const dInitial = () =>
      tf.mul(
        denseScanSlope(initial, activation),
        tf.matMul(tf.reshape(tf.slice(epsilon, [0, 0, 0], [batch, 1, units]), [batch, units]), a),
      );
    return { a: dA, b: () => epsilon, initial: dInitial };
  },
};
