/**
 * One sequence layer, one step, one batch element, forward: (pre-norm) → LRU step
 * h_t = λ ⊙ h_{t−1} + B̃·u_t → y = Re(C·h_t) + D ⊙ u → post block → residual → (post-norm).
 * h_{t−1} is read from the state and h_t left in the activations: the engine commits it after
 * the traces have used h_{t−1}.
 */
import type { ModelConfig } from '@olrd/core';
import { layerNormForward } from './fused-kernels.js';
import type { FusedLayerParams } from './fused-params.js';
import { postBlockForward, type SiteMasks } from './fused-post-block.js';
import type { LayerActivations } from './fused-scratch.js';
import type { FusedLayerState } from './fused-state.js';
import { copyVec, type Vec } from './fused-vec.js';

/** B̃·u and h_t = λ ⊙ h_{t−1} + B̃·u for element `b` (state rows at b·N). */
function recurrenceForward(
  p: FusedLayerParams,
  state: FusedLayerState,
  act: LayerActivations,
  b: number,
  width: number,
  units: number,
): void {
  const { u, inputRe, inputIm, hRe, hIm } = act;
  const bRe = p.inputRe;
  const bIm = p.inputIm;
  const offset = b * units;
  for (let j = 0; j < units; j++) {
    const row = j * width;
    // Two accumulators per part break the add-latency chain.
    let re0 = 0;
    let re1 = 0;
    let im0 = 0;
    let im1 = 0;
    let k = 0;
    for (; k + 1 < width; k += 2) {
      const u0 = u[k]!;
      const u1 = u[k + 1]!;
      re0 += bRe[row + k]! * u0;
      im0 += bIm[row + k]! * u0;
      re1 += bRe[row + k + 1]! * u1;
      im1 += bIm[row + k + 1]! * u1;
    }
    if (k < width) {
      re0 += bRe[row + k]! * u[k]!;
      im0 += bIm[row + k]! * u[k]!;
    }
    const sumRe = re0 + re1;
    const sumIm = im0 + im1;
    inputRe[j] = sumRe;
    inputIm[j] = sumIm;
    const lr = p.lambdaRe[j]!;
    const li = p.lambdaIm[j]!;
    const pr = state.stateRe[offset + j]!;
    const pi = state.stateIm[offset + j]!;
    hRe[j] = lr * pr - li * pi + sumRe;
    hIm[j] = lr * pi + li * pr + sumIm;
  }
}

/** y = Re(C·h) + D ⊙ u = C_re·h_re − C_im·h_im + D ⊙ u. */
function readoutForward(
  p: FusedLayerParams,
  act: LayerActivations,
  width: number,
  units: number,
): void {
  const { u, hRe, hIm, y } = act;
  const cRe = p.cRe;
  const cIm = p.cIm;
  for (let i = 0; i < width; i++) {
    const row = i * units;
    let re0 = 0;
    let re1 = 0;
    let im0 = 0;
    let im1 = 0;
    let j = 0;
    for (; j + 1 < units; j += 2) {
      re0 += cRe[row + j]! * hRe[j]!;
      im0 += cIm[row + j]! * hIm[j]!;
      re1 += cRe[row + j + 1]! * hRe[j + 1]!;
      im1 += cIm[row + j + 1]! * hIm[j + 1]!;
    }
    if (j < units) {
      re0 += cRe[row + j]! * hRe[j]!;
      im0 += cIm[row + j]! * hIm[j]!;
    }
    const sum = p.d[i]! * u[i]! + (re0 + re1) - (im0 + im1);
    y[i] = sum;
  }
}

/**
 * Layer forward for element `b` from its input z [H]; the output is left in `act.out` and every
 * intermediate the backward pass needs in `act`.
 */
export function layerForward(
  p: FusedLayerParams,
  state: FusedLayerState,
  act: LayerActivations,
  z: Vec,
  b: number,
  config: ModelConfig,
  masks: SiteMasks,
): void {
  const { dModel: width, dHidden: units } = config;
  if (config.prenorm)
    act.stats[0] = layerNormForward(z, p.normScale, p.normBias, act.u, act.xhatPre, width);
  else copyVec(act.u, z);
  recurrenceForward(p, state, act, b, width, units);
  readoutForward(p, act, width, units);
  postBlockForward(p, act, z, config.activation, masks, width);
  if (!config.prenorm)
    act.stats[1] = layerNormForward(act.out, p.normScale, p.normBias, act.out, act.xhatPost, width);
}

/** Copies h_t into the state as h_{t−1} of the next step (element `b`). */
export function commitHidden(
  state: FusedLayerState,
  act: LayerActivations,
  b: number,
  units: number,
): void {
  const offset = b * units;
  for (let j = 0; j < units; j++) {
    state.stateRe[offset + j] = act.hRe[j]!;
    state.stateIm[offset + j] = act.hIm[j]!;
  }
}
