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
