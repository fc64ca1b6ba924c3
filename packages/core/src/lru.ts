/**
 * The Linear Recurrent Unit (Orvieto et al. 2023) as the reference parameterises it (spec 1 §1):
 *
 *   λ = exp(−e^nu + i·e^theta),   B̃ = diag(e^gamma_log)·(B_re + i·B_im),
 *   h_t = λ ⊙ h_{t−1} + B̃·u_t  (h_{−1} = 0),   y_t = Re(C·h_t) + D ⊙ u_t.
 *
 * Complex values are (re, im) pairs of real tensors. `lruCell` (cells/lru-cell.ts) wraps these
 * functions as a generic cell; the LRU's own online rules plug an {@link LruRecurrence} in.
 */
import { diagScan, tf } from '@olrd/tensor';
import { dense } from './dense.js';
import { normalArray, type Uniform } from './random.js';

/** The derived quantities a recurrence needs: λ [N] and B̃ [N, H], each as (re, im). */
export interface LruDynamics {
  lambdaRe: tf.Tensor1D;
  lambdaIm: tf.Tensor1D;
  inputRe: tf.Tensor2D;
  inputIm: tf.Tensor2D;
}

/**
 * Maps the layer input u ([B, T, H] in sequence mode, [B, H] in streaming mode) to the complex
 * state h with the same leading shape and N units, as [hRe, hIm].
 */
export type LruRecurrence = (u: tf.Tensor, dynamics: LruDynamics) => [tf.Tensor, tf.Tensor];

/** Ring and phase of the eigenvalue initialisation. */
export interface LruInitOptions {
  rMin: number;
  rMax: number;
  maxPhase: number;
}

/**
 * Draws the LRU parameters of spec 1 §1.2 for width H and N units: |λ|² uniform on
 * [rMin², rMax²], θ uniform on [0, maxPhase), γ = √(1 − |λ|²), B parts ~ N(0, 1/(2H)),
 * C parts ~ N(0, 1/N), D ~ N(0, 1). Returns local names (`nu`, `theta`, `gamma_log`, `B_re`, …).
 */
export function lruInit(
  uniform: Uniform,
  width: number,
  units: number,
  options: LruInitOptions,
): Record<string, tf.Tensor> {
  const nu = new Float32Array(units);
  const theta = new Float32Array(units);
  const gammaLog = new Float32Array(units);
  const { rMin, rMax, maxPhase } = options;
  for (let j = 0; j < units; j++) {
    // Keep |λ|² strictly inside (0, 1): ln 0 and ln(1 − 1) would make nu or gamma_log infinite.
    const modulusSquared = Math.min(
      Math.max(uniform() * (rMax * rMax - rMin * rMin) + rMin * rMin, 1e-30),
      1 - 1e-7,
    );
    const nuValue = -0.5 * Math.log(modulusSquared);
    nu[j] = Math.log(nuValue);
    theta[j] = Math.log(Math.max(maxPhase * uniform(), 1e-30));
    gammaLog[j] = 0.5 * Math.log(1 - modulusSquared);
  }
  return {
    nu: tf.tensor1d(nu),
    theta: tf.tensor1d(theta),
    gamma_log: tf.tensor1d(gammaLog),
    B_re: tf.tensor2d(normalArray(uniform, units * width, 1 / Math.sqrt(2 * width)), [
      units,
      width,
    ]),
    B_im: tf.tensor2d(normalArray(uniform, units * width, 1 / Math.sqrt(2 * width)), [
      units,
      width,
    ]),
    C_re: tf.tensor2d(normalArray(uniform, width * units, 1 / Math.sqrt(units)), [width, units]),
    C_im: tf.tensor2d(normalArray(uniform, width * units, 1 / Math.sqrt(units)), [width, units]),
    D: tf.tensor1d(normalArray(uniform, width)),
  };
}

/**
 * λ(ν, θ) = exp(−e^ν + i·e^θ) = exp(−e^ν)·(cos e^θ, sin e^θ), from the stored logs ν = `nu`,
 * θ = `theta` [N]; returns (Re λ, Im λ) [N]. The one definition of λ: every rule and engine uses
 * this or {@link lruLambdaAt}.
 */
export function lruLambda(nu: tf.Tensor, theta: tf.Tensor): [tf.Tensor1D, tf.Tensor1D] {
  const modulus = tf.exp(tf.neg(tf.exp(nu)));
  const phase = tf.exp(theta);
  return [
    tf.mul(modulus, tf.cos(phase)) as tf.Tensor1D,
    tf.mul(modulus, tf.sin(phase)) as tf.Tensor1D,
  ];
}

/**
 * The VJP of {@link lruLambda}: given ∂L/∂λ = (dRe, dIm) and λ = (lambdaRe, lambdaIm) [N],
 * ∂L/∂ν = −e^ν·⟨∂L/∂λ, λ⟩ and ∂L/∂θ = e^θ·⟨∂L/∂λ, iλ⟩ (∂λ/∂ν = −e^ν·λ, ∂λ/∂θ = i·e^θ·λ; a real
 * parameter gets the real inner product).
 */
export function lruLambdaVjp(
  nu: tf.Tensor,
  theta: tf.Tensor,
  gradLambda: { re: tf.Tensor; im: tf.Tensor },
  lambda: { re: tf.Tensor; im: tf.Tensor },
): { nu: tf.Tensor; theta: tf.Tensor } {
  const { re: dRe, im: dIm } = gradLambda;
  return {
    nu: tf.mul(tf.neg(tf.exp(nu)), tf.add(tf.mul(dRe, lambda.re), tf.mul(dIm, lambda.im))),
    theta: tf.mul(tf.exp(theta), tf.sub(tf.mul(dIm, lambda.re), tf.mul(dRe, lambda.im))),
  };
}

/** {@link lruLambda} of one unit, for typed-array kernels: [Re λ, Im λ]. */
export function lruLambdaAt(nu: number, theta: number): [number, number] {
  const modulus = Math.exp(-Math.exp(nu));
  const phase = Math.exp(theta);
  return [modulus * Math.cos(phase), modulus * Math.sin(phase)];
}

/** {@link lruLambdaVjp} of one unit, for typed-array kernels: [∂L/∂ν, ∂L/∂θ]. */
export function lruLambdaVjpAt(
  nu: number,
  theta: number,
  dRe: number,
  dIm: number,
  lambdaRe: number,
  lambdaIm: number,
): [number, number] {
  return [
    -Math.exp(nu) * (dRe * lambdaRe + dIm * lambdaIm),
    Math.exp(theta) * (dIm * lambdaRe - dRe * lambdaIm),
  ];
}

/** The normalised input matrix B̃ = diag(γ)·B, [N, H] as (re, im). */
export function lruInputMatrix(
  gammaLog: tf.Tensor,
  bRe: tf.Tensor,
  bIm: tf.Tensor,
): [tf.Tensor2D, tf.Tensor2D] {
  const gamma = tf.expandDims(tf.exp(gammaLog), 1);
  return [tf.mul(bRe, gamma) as tf.Tensor2D, tf.mul(bIm, gamma) as tf.Tensor2D];
}

/** λ and B̃ from a layer's LRU parameters (local names). */
export function lruDynamics(rec: Record<string, tf.Tensor>): LruDynamics {
  const get = (name: string): tf.Tensor => {
    const tensor = rec[name];
    if (tensor === undefined) throw new Error(`LRU: missing parameter '${name}'`);
    return tensor;
  };
  const [lambdaRe, lambdaIm] = lruLambda(get('nu'), get('theta'));
  const [inputRe, inputIm] = lruInputMatrix(get('gamma_log'), get('B_re'), get('B_im'));
  return { lambdaRe, lambdaIm, inputRe, inputIm };
}

/** B̃·u for u [..., H] → [..., N] as (re, im): a matmul with B̃ transposed. */
export function lruInputProjection(u: tf.Tensor, dynamics: LruDynamics): [tf.Tensor, tf.Tensor] {
  return [dense(u, tf.transpose(dynamics.inputRe)), dense(u, tf.transpose(dynamics.inputIm))];
}

/** The exact recurrence over a whole sequence u [B, T, H]: autodiff gives BPTT. */
export const lruScan: LruRecurrence = (u, dynamics) => {
  const [bRe, bIm] = lruInputProjection(u, dynamics);
  return diagScan(dynamics.lambdaRe, dynamics.lambdaIm, bRe as tf.Tensor3D, bIm as tf.Tensor3D);
};

/** y = Re(C·h) + D ⊙ u = h_re·C_reᵀ − h_im·C_imᵀ + D ⊙ u, over the last axis. */
export function lruReadout(
  hRe: tf.Tensor,
  hIm: tf.Tensor,
  rec: Record<string, tf.Tensor>,
  u: tf.Tensor,
): tf.Tensor {
  const cRe = rec['C_re'];
  const cIm = rec['C_im'];
  const d = rec['D'];
  if (cRe === undefined || cIm === undefined || d === undefined)
    throw new Error('LRU: missing C_re, C_im or D');
  return tf.add(tf.sub(dense(hRe, tf.transpose(cRe)), dense(hIm, tf.transpose(cIm))), tf.mul(u, d));
}
