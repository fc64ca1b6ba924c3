/**
 * Sequence-mode online rules for the LRU as custom gradients of its recurrence.
 *
 * The forward pass is the ordinary scan. The backward pass receives g_t = ∂L/∂h_t, which is the
 * instantaneous (spatial) error because every layer above also passes only same-step error down.
 * It returns:
 * - to the layer input, only the spatial error du_t = Re(B̃ᵀ·g_t) — no path through time;
 * - to λ and B̃, the exact within-layer credit for `online_full`: with ε the reverse scan of g by
 *   conj(λ) (ε_t = g_t + conj(λ)·ε_{t+1}), dB̃ = Σ_t ε_t ⊗ u_t and dλ = Σ_t conj(h_{t−1})·ε_t.
 *   This equals Σ_t δ_t·e_t with the RTRL traces e^λ, e^γ, E^B of spec 1 §4.2, without ever
 *   materialising a T×N×H trace;
 * - for `online_1truncated`, the one-step credit (ε replaced by g);
 * - for `online_spatial`, the same for B̃ and zero for λ.
 * γ, B_re, B_im, nu and theta then receive their gradients by autodiff of B̃ = γ·B and λ(nu, θ).
 */
import { diagScan, tf } from '@olrd/tensor';
import {
  dense,
  lruDynamics,
  lruInputProjection,
  type LruRecurrence,
  type Recurrence,
} from '@olrd/core';
import type { LruOnlineRuleName } from './names/index.js';

/** h_{t−1} for every t of a [B, T, N] sequence (zero at t = 0). */
function previousStates(h: tf.Tensor): tf.Tensor {
  const [batch, time, units] = h.shape as [number, number, number];
  if (time === 1) return tf.zerosLike(h);
  return tf.concat(
    [tf.zeros([batch, 1, units]), tf.slice(h, [0, 0, 0], [batch, time - 1, units])],
    1,
  );
}

/** Σ over all leading axes of a ⊗ b: a [..., N], b [..., H] → [N, H]. */
function outerSum(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const n = a.shape[a.rank - 1] as number;
  const h = b.shape[b.rank - 1] as number;
  return tf.matMul(
    tf.reshape(a, [-1, n]) as tf.Tensor2D,
    tf.reshape(b, [-1, h]) as tf.Tensor2D,
    true,
    false,
  );
}

/** Σ over all leading axes, keeping the last: [..., N] → [N]. */
function sumLeading(x: tf.Tensor): tf.Tensor1D {
  return tf.sum(tf.reshape(x, [-1, x.shape[x.rank - 1] as number]), 0) as tf.Tensor1D;
}

/** The LRU recurrence whose backward pass implements `rule` (see the file header); state [re | im]. */
export function onlineRecurrence(rule: LruOnlineRuleName): Recurrence {
  const op = onlineScanOp(rule);
  return (rec, u) => {
    const dynamics = lruDynamics(rec);
    return op(dynamics.lambdaRe, dynamics.lambdaIm, dynamics.inputRe, dynamics.inputIm, u);
  };
}

/** {@link onlineRecurrence} in the LRU's own (u, λ, B̃) → (re, im) form. */
export function onlineLruRecurrence(rule: LruOnlineRuleName): LruRecurrence {
  const op = onlineScanOp(rule);
  return (u, d) =>
    tf.split(op(d.lambdaRe, d.lambdaIm, d.inputRe, d.inputIm, u), 2, -1) as [tf.Tensor, tf.Tensor];
}

function onlineScanOp(rule: LruOnlineRuleName) {
  return tf.customGrad(((
    lambdaRe: tf.Tensor1D,
    lambdaIm: tf.Tensor1D,
    inputRe: tf.Tensor2D,
    inputIm: tf.Tensor2D,
    u: tf.Tensor3D,
    save: tf.GradSaveFunc,
  ) => {
    const [bRe, bIm] = lruInputProjection(u, { lambdaRe, lambdaIm, inputRe, inputIm });
    const [hRe, hIm] = diagScan(lambdaRe, lambdaIm, bRe as tf.Tensor3D, bIm as tf.Tensor3D);
    save([lambdaRe, lambdaIm, inputRe, inputIm, u, hRe, hIm]);
    return {
      value: tf.concat([hRe, hIm], -1),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [lRe, lIm, inRe, inIm, input, stateRe, stateIm] = saved as [
          tf.Tensor1D,
          tf.Tensor1D,
          tf.Tensor2D,
          tf.Tensor2D,
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
        ];
        const [gRe, gIm] = tf.split(dy, 2, -1) as [tf.Tensor3D, tf.Tensor3D];
        const du = tf.add(dense(gRe, inRe), dense(gIm, inIm));
        const [eRe, eIm] =
          rule === 'online_full'
            ? diagScan(lRe, tf.neg(lIm) as tf.Tensor1D, gRe, gIm, { reverse: true })
            : [gRe, gIm];
        const dInputRe = outerSum(eRe, input);
        const dInputIm = outerSum(eIm, input);
        let dLambdaRe: tf.Tensor = tf.zerosLike(lRe);
        let dLambdaIm: tf.Tensor = tf.zerosLike(lIm);
        if (rule !== 'online_spatial') {
          const prevRe = previousStates(stateRe);
          const prevIm = previousStates(stateIm);
          dLambdaRe = sumLeading(tf.add(tf.mul(prevRe, eRe), tf.mul(prevIm, eIm)));
          dLambdaIm = sumLeading(tf.sub(tf.mul(prevRe, eIm), tf.mul(prevIm, eRe)));
        }
        return [dLambdaRe, dLambdaIm, dInputRe, dInputIm, du];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (...inputs: tf.Tensor[]) => tf.Tensor;
}
