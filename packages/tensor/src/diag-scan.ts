/**
 * `diagScan`: the diagonal complex linear recurrence at the heart of the LRU. Dispatches to the
 * fused `OlrdDiagScan` kernel when the active backend has one registered, else to the composite.
 */
import * as tf from '@tensorflow/tfjs-core';
import { diagScanComposite } from './diag-scan-composite.js';
import {
  OlrdDiagScan,
  type OlrdDiagScanAttrs,
  type OlrdDiagScanInputs,
} from './kernels/kernel-names.js';

/** Options of {@link diagScan}. */
export interface DiagScanOptions {
  /** Run from t = T−1 down to 0 (h_t = λ ⊙ h_{t+1} + b_t). Default false. */
  reverse?: boolean;
}

function assertScanShapes(
  lambdaRe: tf.Tensor,
  lambdaIm: tf.Tensor,
  bRe: tf.Tensor,
  bIm: tf.Tensor,
): void {
  const units = lambdaRe.shape[0];
  const ok =
    [lambdaRe, lambdaIm, bRe, bIm].every((t) => t.dtype === 'float32') &&
    lambdaRe.rank === 1 &&
    tf.util.arraysEqual(lambdaIm.shape, lambdaRe.shape) &&
    bRe.rank === 3 &&
    bRe.shape[2] === units &&
    tf.util.arraysEqual(bIm.shape, bRe.shape);
  if (!ok) {
    throw new Error(
      `diagScan: expected float32 λ (re, im) [N] and b (re, im) [B, T, N]; got λ [${lambdaRe.shape}] ${lambdaRe.dtype}, ` +
        `[${lambdaIm.shape}] ${lambdaIm.dtype} and b [${bRe.shape}] ${bRe.dtype}, [${bIm.shape}] ${bIm.dtype}`,
    );
  }
}

/** True when the active backend has a fused `OlrdDiagScan` kernel registered. */
export function hasFusedDiagScan(): boolean {
  return tf.getKernel(OlrdDiagScan, tf.getBackend()) != null;
}

/**
 * The diagonal complex scan h_t = λ ⊙ h_{t−1} + b_t (h_{−1} = 0), or with `reverse`
 * h_t = λ ⊙ h_{t+1} + b_t (h_T = 0), with complex numbers as (re, im) pairs of float32 tensors
 * and complex (not conjugated) multiplication.
 *
 * Shapes: λ [N]; b and the result [B, T, N]. Differentiable with respect to λ and b (real-valued
 * gradients of the (re, im) parts). Runs the fused `OlrdDiagScan` kernel where `initBackend`
 * registered one (cpu, wasm, webgpu), else the stock-ops composite (same values and gradients).
 * Returns fresh tensors owned by the caller; the inputs are not disposed.
 *
 * @throws Error when the shapes are not `[N]`, `[N]`, `[B, T, N]`, `[B, T, N]` or a dtype is not float32.
 * @example
 * ```ts
 * import { tf, diagScan, initBackend } from '@olrd/tensor';
 * await initBackend('cpu');
 * const lambdaRe = tf.tensor1d([0.5]);
 * const lambdaIm = tf.tensor1d([0]);
 * const bRe = tf.tensor3d([[[1], [1], [1]]]); // [B = 1, T = 3, N = 1]
 * const bIm = tf.zerosLike(bRe);
 * const [hRe, hIm] = diagScan(lambdaRe, lambdaIm, bRe, bIm);
 * hRe.print(); // [[[1], [1.5], [1.75]]]
 * tf.dispose([lambdaRe, lambdaIm, bRe, bIm, hRe, hIm]);
 * ```
 */
export function diagScan(
  lambdaRe: tf.Tensor1D,
  lambdaIm: tf.Tensor1D,
  bRe: tf.Tensor3D,
  bIm: tf.Tensor3D,
  options: DiagScanOptions = {},
): [tf.Tensor3D, tf.Tensor3D] {
  assertScanShapes(lambdaRe, lambdaIm, bRe, bIm);
  const reverse = options.reverse ?? false;
  if (!hasFusedDiagScan()) return diagScanComposite(lambdaRe, lambdaIm, bRe, bIm, reverse);
  const inputs: OlrdDiagScanInputs = { lambdaRe, lambdaIm, bRe, bIm };
  const attrs: OlrdDiagScanAttrs = { reverse };
  const [hRe, hIm] = tf
    .engine()
    .runKernel(OlrdDiagScan, inputs as unknown as tf.NamedTensorMap, attrs) as tf.Tensor[];
  return [hRe as tf.Tensor3D, hIm as tf.Tensor3D];
}
