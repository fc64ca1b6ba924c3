/**
 * Explicit per-step eligibility traces of one LRU layer (spec 1 §4.2), for streaming execution.
 * Per batch element they hold e^λ [N], e^γ [N] and E^B [N, H] (complex, as re/im), so memory is
 * independent of the sequence length:
 *
 *   e^λ_t = κ ⊙ e^λ_{t−1} + h_{t−1},   e^γ_t = κ ⊙ e^γ_{t−1} + B·u_t,   E^B_t = κ ⊙ E^B_{t−1} + γ ⊗ u_t,
 *
 * with κ = λ for `online_full` (exact RTRL for a diagonal recurrence) and κ = 0 for the one-step
 * rules. The gradient accumulators hold Σ_t ⟨g_t, ∂h_t/∂·⟩ in real form, g_t = ∂L/∂(Re h, Im h).
 */
import { lruLambda, lruLambdaVjp } from '@olrd/core';
import { tf, tidyTree } from '@olrd/tensor';

/** Complex tensor as a (re, im) pair. */
export interface ComplexPair {
  re: tf.Tensor;
  im: tf.Tensor;
}

/** Traces and gradient accumulators of one layer. All tensors are owned by the state. */
export interface LruTraceState {
  lambda: ComplexPair; // [B, N]
  gamma: ComplexPair; // [B, N]
  input: ComplexPair; // [B, N, H]
  gradLambda: ComplexPair; // [N]
  gradGamma: tf.Tensor; // [N]  (∂L/∂γ)
  gradB: ComplexPair; // [N, H] (∂L/∂B_re, ∂L/∂B_im)
}

/** Zero traces for `batch` sequences, N units and width H. */
export function initLruTraces(batch: number, units: number, width: number): LruTraceState {
  const pair = (shape: number[]): ComplexPair => ({ re: tf.zeros(shape), im: tf.zeros(shape) });
  return {
    lambda: pair([batch, units]),
    gamma: pair([batch, units]),
    input: pair([batch, units, width]),
    gradLambda: pair([units]),
    gradGamma: tf.zeros([units]),
    gradB: pair([units, width]),
  };
}

/** One step's inputs to the trace update of a layer. */
export interface LruStepQuantities {
  /** Decay κ [N] (λ for online_full; null for the one-step rules, κ = 0). */
  decayRe: tf.Tensor | null;
  decayIm: tf.Tensor | null;
  /** The previous state h_{t−1} [B, N]. */
  previous: ComplexPair;
  /** The layer's recurrence input u_t [B, H]. */
  u: tf.Tensor;
  /** The un-normalised input matrix B [N, H] and γ [N]. */
  bRe: tf.Tensor;
  bIm: tf.Tensor;
  gamma: tf.Tensor;
  /** The instantaneous error g_t = ∂L/∂(Re h_t, Im h_t) [B, N]; null when the step has no loss. */
  error: ComplexPair | null;
  /** Whether λ learns (false for online_spatial). */
  learnLambda: boolean;
}

function decay(
  x: ComplexPair,
  re: tf.Tensor | null,
  im: tf.Tensor | null,
  add: ComplexPair,
): ComplexPair {
  if (re === null || im === null) return { re: tf.clone(add.re), im: tf.clone(add.im) };
  return {
    re: tf.add(tf.sub(tf.mul(re, x.re), tf.mul(im, x.im)), add.re),
    im: tf.add(tf.add(tf.mul(re, x.im), tf.mul(im, x.re)), add.im),
  };
}

/** Advances the traces by one step and accumulates this step's gradients; returns a new state. */
export function stepLruTraces(state: LruTraceState, q: LruStepQuantities): LruTraceState {
  return tidyTree(() => {
    const lambda = decay(state.lambda, q.decayRe, q.decayIm, q.previous);
    const gammaTrace = decay(state.gamma, q.decayRe, q.decayIm, {
      re: tf.matMul(q.u, q.bRe, false, true),
      im: tf.matMul(q.u, q.bIm, false, true),
    });
    const inputTerm = tf.mul(tf.expandDims(q.gamma, 1), tf.expandDims(q.u, 1)); // [B, N, H]
    const input = decay(
      state.input,
      q.decayRe === null ? null : tf.expandDims(q.decayRe, 1),
      q.decayIm === null ? null : tf.expandDims(q.decayIm, 1),
      { re: inputTerm, im: tf.zerosLike(inputTerm) },
    );
    if (q.error === null) {
      const copy = (a: ComplexPair): ComplexPair => ({ re: tf.clone(a.re), im: tf.clone(a.im) });
      return {
        lambda,
        gamma: gammaTrace,
        input,
        gradLambda: copy(state.gradLambda),
        gradGamma: tf.clone(state.gradGamma),
        gradB: copy(state.gradB),
      };
    }
    const { re: gRe, im: gIm } = q.error;
    const inner = (a: ComplexPair): tf.Tensor =>
      tf.sum(tf.add(tf.mul(gRe, a.re), tf.mul(gIm, a.im)), 0);
    const cross = (a: ComplexPair): tf.Tensor =>
      tf.sum(tf.sub(tf.mul(gIm, a.re), tf.mul(gRe, a.im)), 0);
    const gRe3 = tf.expandDims(gRe, 2);
    const gIm3 = tf.expandDims(gIm, 2);
    const gradLambda = q.learnLambda
      ? {
          re: tf.add(state.gradLambda.re, inner(lambda)),
          im: tf.add(state.gradLambda.im, cross(lambda)),
        }
      : { re: tf.clone(state.gradLambda.re), im: tf.clone(state.gradLambda.im) };
    return {
      lambda,
      gamma: gammaTrace,
      input,
      gradLambda,
      gradGamma: tf.add(state.gradGamma, inner(gammaTrace)),
      gradB: {
        re: tf.add(
          state.gradB.re,
          tf.sum(tf.add(tf.mul(gRe3, input.re), tf.mul(gIm3, input.im)), 0),
        ),
        im: tf.add(
          state.gradB.im,
          tf.sum(tf.sub(tf.mul(gIm3, input.re), tf.mul(gRe3, input.im)), 0),
        ),
      },
    };
  });
}

/**
 * The accumulated gradients of the layer's recurrent parameters (local names), from
 * ∂L/∂λ, ∂L/∂γ and ∂L/∂B through λ = exp(−e^nu + i·e^theta) and γ = e^gamma_log.
 */
export function lruTraceGradients(
  state: LruTraceState,
  rec: Record<string, tf.Tensor>,
): Record<string, tf.Tensor> {
  return tf.tidy(() => {
    const nu = rec['nu'] as tf.Tensor;
    const theta = rec['theta'] as tf.Tensor;
    const gammaLog = rec['gamma_log'] as tf.Tensor;
    const [re, im] = lruLambda(nu, theta);
    const gamma = tf.exp(gammaLog);
    return {
      ...lruLambdaVjp(nu, theta, state.gradLambda, { re, im }),
      gamma_log: tf.mul(gamma, state.gradGamma),
      B_re: tf.clone(state.gradB.re),
      B_im: tf.clone(state.gradB.im),
    };
  });
}

/** Disposes every tensor of a trace state. */
export function disposeLruTraces(state: LruTraceState): void {
  for (const pair of [state.lambda, state.gamma, state.input, state.gradLambda, state.gradB]) {
    pair.re.dispose();
    pair.im.dispose();
  }
  state.gradGamma.dispose();
}
