/**
 * The reference's hand-worked toy case (spec 1 §4.2, tests/test_rec.py::test_toy): one unit,
 * T = 3, λ = 0.5, B̃ = 2 + 2i, C = 2 + i, D = 0, inputs 1, 2, 3 and the loss L = Σ_t y_t.
 *
 * Forward: h_0 = 2+2i, h_1 = 0.5·h_0 + 2·(2+2i) = 5+5i, h_2 = 0.5·h_1 + 3·(2+2i) = 8.5+8.5i.
 * y_t = Re(C h_t) = 2·Re h_t − Im h_t, so g_t = ∂L/∂(Re h_t, Im h_t) = (2, −1) at every step
 * (in the reference's convention δ = C = 2 + i).
 * BPTT credit: ε_2 = (2, −1), ε_1 = g + 0.5·ε_2 = (3, −1.5), ε_0 = g + 0.5·ε_1 = (3.5, −1.75).
 * ∂L/∂λ_re = Σ ⟨ε_t, h_{t−1}⟩ = ⟨(3, −1.5), (2, 2)⟩ + ⟨(2, −1), (5, 5)⟩ = 3 + 5 = 8,
 * ∂L/∂λ_im = Σ (Re h_{t−1}·ε_im − Im h_{t−1}·ε_re) = (−3 − 6) + (−5 − 10) = −24
 *   (the reference: Δλ = Σ δ_t e^λ_t = (2+i)·((2+2i) + (6+6i)) = 8 + 24i, ∂λ_im = Re(i·Δλ) = −24).
 * ∂L/∂B̃_re = Σ ε_re·u = 3.5 + 6 + 6 = 15.5, ∂L/∂B̃_im = Σ ε_im·u = −1.75 − 3 − 3 = −7.75.
 * Error sent to the input: BPTT 2·(ε_re + ε_im) = [3.5, 3, 2]; online (spatial) 2·(2 − 1) = [2, 2, 2].
 */
import { describe, expect, it } from 'vitest';
import { tf, tidyTree } from '@olrd/tensor';
import { lruScan, lruReadout, type LruRecurrence } from '@olrd/core';
import { onlineLruRecurrence } from './online-recurrence.js';
import { initLruTraces, stepLruTraces, disposeLruTraces } from './lru-traces.js';

function toyGradients(recurrence: LruRecurrence): {
  lambda: number[];
  input: number[];
  du: number[];
} {
  return tf.tidy(() => {
    const u = tf.tensor3d([1, 2, 3], [1, 3, 1]);
    const rec = { C_re: tf.tensor2d([[2]]), C_im: tf.tensor2d([[1]]), D: tf.tensor1d([0]) };
    const loss = (
      lambdaRe: tf.Tensor,
      lambdaIm: tf.Tensor,
      inputRe: tf.Tensor,
      inputIm: tf.Tensor,
      input: tf.Tensor,
    ): tf.Scalar => {
      const dynamics = {
        lambdaRe: lambdaRe as tf.Tensor1D,
        lambdaIm: lambdaIm as tf.Tensor1D,
        inputRe: inputRe as tf.Tensor2D,
        inputIm: inputIm as tf.Tensor2D,
      };
      const [hRe, hIm] = recurrence(input, dynamics);
      return tf.sum(lruReadout(hRe, hIm, rec, input)) as tf.Scalar;
    };
    const grads = tf.grads(loss)([
      tf.tensor1d([0.5]),
      tf.tensor1d([0]),
      tf.tensor2d([[2]]),
      tf.tensor2d([[2]]),
      u,
    ]);
    const [dLambdaRe, dLambdaIm, dInputRe, dInputIm, du] = grads.map((g) =>
      Array.from(g.dataSync()),
    );
    return {
      lambda: [dLambdaRe![0]!, dLambdaIm![0]!],
      input: [dInputRe![0]!, dInputIm![0]!],
      du: du!,
    };
  });
}

describe('toy example (one unit, T = 3)', () => {
  it('BPTT gives the hand-derived gradients', () => {
    const bptt = toyGradients(lruScan);
    expect(bptt.lambda[0]).toBeCloseTo(8, 5);
    expect(bptt.lambda[1]).toBeCloseTo(-24, 5);
    expect(bptt.input[0]).toBeCloseTo(15.5, 5);
    expect(bptt.input[1]).toBeCloseTo(-7.75, 5);
    // u also feeds y through D = 0, so du is the recurrence's share only.
    expect(bptt.du.map((v) => Number(v.toFixed(5)))).toEqual([3.5, 3, 2]);
  });

  it('online_full equals BPTT for λ and B̃, and sends only the spatial error down', () => {
    const online = toyGradients(onlineLruRecurrence('online_full'));
    expect(online.lambda[0]).toBeCloseTo(8, 5);
    expect(online.lambda[1]).toBeCloseTo(-24, 5);
    expect(online.input[0]).toBeCloseTo(15.5, 5);
    expect(online.input[1]).toBeCloseTo(-7.75, 5);
    expect(online.du.map((v) => Number(v.toFixed(5)))).toEqual([2, 2, 2]);
  });

  it('online_1truncated keeps one step of credit; online_spatial freezes λ', () => {
    // One-step: ∂λ_re = ⟨g_1, h_0⟩ + ⟨g_2, h_1⟩ = (4 − 2) + (10 − 5) = 7; ∂B̃_re = Σ 2·u_t = 12.
    const truncated = toyGradients(onlineLruRecurrence('online_1truncated'));
    expect(truncated.lambda[0]).toBeCloseTo(7, 5);
    expect(truncated.input[0]).toBeCloseTo(12, 5);
    const spatial = toyGradients(onlineLruRecurrence('online_spatial'));
    expect(spatial.lambda).toEqual([0, 0]);
    expect(spatial.input[0]).toBeCloseTo(12, 5);
  });

  it('the streaming traces reproduce the same numbers step by step', () => {
    // γ = 1 and B = 2 + 2i, so the traces' B-gradient equals ∂L/∂B̃.
    let state = initLruTraces(1, 1, 1);
    const h = [
      [0, 0],
      [2, 2],
      [5, 5],
    ];
    [1, 2, 3].forEach((input, t) => {
      const next = tidyTree(() =>
        stepLruTraces(state, {
          decayRe: tf.tensor1d([0.5]),
          decayIm: tf.tensor1d([0]),
          previous: { re: tf.tensor2d([[h[t]![0]!]]), im: tf.tensor2d([[h[t]![1]!]]) },
          u: tf.tensor2d([[input]]),
          bRe: tf.tensor2d([[2]]),
          bIm: tf.tensor2d([[2]]),
          gamma: tf.tensor1d([1]),
          error: { re: tf.tensor2d([[2]]), im: tf.tensor2d([[-1]]) },
          learnLambda: true,
        }),
      );
      disposeLruTraces(state);
      state = next;
    });
    expect(state.gradLambda.re.dataSync()[0]).toBeCloseTo(8, 5);
    expect(state.gradLambda.im.dataSync()[0]).toBeCloseTo(-24, 5);
    expect(state.gradB.re.dataSync()[0]).toBeCloseTo(15.5, 5);
    expect(state.gradB.im.dataSync()[0]).toBeCloseTo(-7.75, 5);
    // ∂L/∂γ = Σ ⟨g_t, e^γ_t⟩ with e^γ = Σ λ^{t−s}·B·u_s = (2,2), (5,5), (8.5,8.5): (4−2)+(10−5)+(17−8.5) = 15.5.
    expect(state.gradGamma.dataSync()[0]).toBeCloseTo(15.5, 5);
    disposeLruTraces(state);
  });
});
