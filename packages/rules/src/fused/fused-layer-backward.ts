/**
 * One sequence layer, same-step (spatial) backward for one batch element: from ∂L/∂out to
 * ∂L/∂z, accumulating the spatial gradients of LayerNorm, C, D and the GLU, and leaving the
 * instantaneous error g = ∂L/∂(Re h_t, Im h_t) in the scratch for the traces. No path runs
 * through h_{t−1}: the error sent down the recurrence input is Re(B̃ᵀ·g) + D ⊙ ∂L/∂y.
 */
import type { ModelConfig } from '@olrd/core';
import { layerNormBackward } from './fused-kernels.js';
import type { FusedLayerParams } from './fused-params.js';
import { postBlockBackward, type SiteMasks } from './fused-post-block.js';
import type { FusedScratch, LayerActivations } from './fused-scratch.js';
import type { FusedLayerState } from './fused-state.js';
import { copyVec, type Vec } from './fused-vec.js';

/**
 * Readout backward: ∂D += dY ⊙ u, ∂C_re += dY ⊗ h_re, ∂C_im −= dY ⊗ h_im, dU = D ⊙ dY, and the
 * instantaneous error g_re = C_reᵀ·dY, g_im = −C_imᵀ·dY (reduced over the transposed C).
 */
function readoutBackward(
  p: FusedLayerParams,
  grads: FusedLayerState,
  act: LayerActivations,
  scratch: FusedScratch,
  width: number,
  units: number,
): void {
  const { dY, dU, gRe, gIm } = scratch;
  const { u, hRe, hIm } = act;
  const gradCRe = grads.gradCRe;
  const gradCIm = grads.gradCIm;
  for (let i = 0; i < width; i++) {
    const gy = dY[i]!;
    grads.gradD[i]! += gy * u[i]!;
    dU[i] = p.d[i]! * gy;
    const row = i * units;
    for (let j = 0; j < units; j++) {
      gradCRe[row + j]! += gy * hRe[j]!;
      gradCIm[row + j]! -= gy * hIm[j]!;
    }
  }
  const cTRe = p.cTRe;
  const cTIm = p.cTIm;
  for (let j = 0; j < units; j++) {
    const row = j * width;
    let re0 = 0;
    let re1 = 0;
    let im0 = 0;
    let im1 = 0;
    let i = 0;
    for (; i + 1 < width; i += 2) {
      const d0 = dY[i]!;
      const d1 = dY[i + 1]!;
      re0 += cTRe[row + i]! * d0;
      im0 += cTIm[row + i]! * d0;
      re1 += cTRe[row + i + 1]! * d1;
      im1 += cTIm[row + i + 1]! * d1;
    }
    if (i < width) {
      re0 += cTRe[row + i]! * dY[i]!;
      im0 += cTIm[row + i]! * dY[i]!;
    }
    gRe[j] = re0 + re1;
    gIm[j] = -(im0 + im1);
  }
}

/** dU += Re(B̃ᵀ·conj(g)) = B̃_reᵀ·g_re + B̃_imᵀ·g_im (the spatial error into u). */
function inputBackward(p: FusedLayerParams, scratch: FusedScratch, width: number, units: number) {
  const { dU, gRe, gIm } = scratch;
  const bTRe = p.inputTRe;
  const bTIm = p.inputTIm;
  for (let k = 0; k < width; k++) {
    const row = k * units;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < units; j += 2) {
      s0 += bTRe[row + j]! * gRe[j]! + bTIm[row + j]! * gIm[j]!;
      s1 += bTRe[row + j + 1]! * gRe[j + 1]! + bTIm[row + j + 1]! * gIm[j + 1]!;
    }
    if (j < units) s0 += bTRe[row + j]! * gRe[j]! + bTIm[row + j]! * gIm[j]!;
    dU[k]! += s0 + s1;
  }
}

/**
 * Backward of layer forward for element `b`: reads ∂L/∂out from `dOut`, writes ∂L/∂z to `dIn`
 * (both [H], distinct) and g to `scratch.gRe/gIm`. `dOut` may be overwritten.
 */
export function layerBackward(
  p: FusedLayerParams,
  grads: FusedLayerState,
  act: LayerActivations,
  scratch: FusedScratch,
  dOut: Vec,
  dIn: Vec,
  config: ModelConfig,
  masks: SiteMasks,
): void {
  const { dModel: width, dHidden: units, prenorm } = config;
  // ∂L/∂(z + m): through the post-norm, or the output error itself.
  const dResidual = scratch.dResidual;
  if (prenorm) copyVec(dResidual, dOut);
  else
    layerNormBackward(
      dOut,
      act.xhatPost,
      act.stats[1]!,
      p.normScale,
      grads.gradNormScale,
      grads.gradNormBias,
      dResidual,
      false,
      width,
    );
  postBlockBackward(p, grads, act, dResidual, scratch.dY, scratch, config.activation, masks, width);
  readoutBackward(p, grads, act, scratch, width, units);
  inputBackward(p, scratch, width, units);
  // The residual adds the un-normalised input; u = LN(z) with pre-norm, else u = z.
  copyVec(dIn, dResidual);
  if (prenorm)
    layerNormBackward(
      scratch.dU,
      act.xhatPre,
      act.stats[0]!,
      p.normScale,
      grads.gradNormScale,
      grads.gradNormBias,
      dIn,
      true,
      width,
    );
  else for (let i = 0; i < width; i++) dIn[i]! += scratch.dU[i]!;
}
