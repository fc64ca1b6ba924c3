/**
 * Names and input/attribute types of olrd's custom tfjs kernels. The `Olrd` prefix keeps them
 * apart from tfjs's own kernel names in the shared (global) kernel registry.
 */
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The fused diagonal complex scan h_t = λ ⊙ h_{t∓1} + b_t (see `diagScan`).
 * Two float32 outputs: `[hRe, hIm]`, each `[B, T, N]`.
 */
export const OlrdDiagScan = 'OlrdDiagScan';

/** Inputs of {@link OlrdDiagScan}: λ as `[N]` (re, im) and b as `[B, T, N]` (re, im), all float32. */
export type OlrdDiagScanInputs = {
  lambdaRe: TensorInfo;
  lambdaIm: TensorInfo;
  bRe: TensorInfo;
  bIm: TensorInfo;
};

/** Attributes of {@link OlrdDiagScan}: `reverse` scans from t = T−1 down to 0. */
export interface OlrdDiagScanAttrs extends NamedAttrMap {
  reverse: boolean;
}

/**
 * The fused dense real scan h_t = A·ρ(h_{t−1}) + b_t from h_{−1} = `initial` (see `denseScan`).
 * One float32 output `h` [B, T, N].
 */
export const OlrdDenseScan = 'OlrdDenseScan';

/**
 * Its adjoint, the backward pass of that recurrence: ε_t = g_t + ρ′(h_t) ⊙ Aᵀ·ε_{t+1} from
 * ε_{T−1} = g_{T−1}. One float32 output ε [B, T, N].
 */
export const OlrdDenseScanAdjoint = 'OlrdDenseScanAdjoint';

/** The activations ρ a dense scan applies to the carried state. */
export type DenseScanActivation = 'linear' | 'tanh' | 'relu';

/** Inputs of {@link OlrdDenseScan}: A [N, N], b [B, T, N], initial [B, N], all float32. */
export type OlrdDenseScanInputs = {
  a: TensorInfo;
  b: TensorInfo;
  initial: TensorInfo;
};

/** Inputs of {@link OlrdDenseScanAdjoint}: A [N, N], h and g [B, T, N], all float32. */
export type OlrdDenseScanAdjointInputs = {
  a: TensorInfo;
  h: TensorInfo;
  g: TensorInfo;
};

/** Attributes of both dense-scan kernels. */
export interface OlrdDenseScanAttrs extends NamedAttrMap {
  activation: DenseScanActivation;
}
