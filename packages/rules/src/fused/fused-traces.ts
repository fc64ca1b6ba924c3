/**
 * Eligibility traces of one LRU layer for one batch element (spec 1 §4.2, as
 * `lru-traces.ts`), advanced and contracted with the step's instantaneous error g in one sweep:
 *
 *   e^λ ← κ ⊙ e^λ + h_{t−1},   e^γ ← κ ⊙ e^γ + B·u_t,   E^B ← κ ⊙ E^B + γ ⊗ u_t   (then)
 *   ∂L/∂λ += (⟨g, e^λ⟩, ⟨g, i·e^λ⟩),   ∂L/∂γ += ⟨g, e^γ⟩,   ∂L/∂B += (⟨g, E^B⟩, ⟨g, i·E^B⟩)
 *
 * with ⟨g, v⟩ = g_re·v_re + g_im·v_im per unit. κ = λ for `online_full`; the one-step rules have
 * κ = 0, so their traces are this step's terms and are never stored.
 */
import type { FusedLayerParams } from './fused-params.js';
import type { LayerActivations } from './fused-scratch.js';
import type { FusedLayerState } from './fused-state.js';
import type { Vec } from './fused-vec.js';

/** The step's error g [N] (re, im), or null when the step carries no loss for this element. */
export interface TraceError {
  gRe: Vec;
  gIm: Vec;
}

/**
 * online_full: decays and extends e^λ, e^γ and E^B of element `b` by this step's terms (h_{t−1}
 * from the state, B·u = B̃u/γ and γ ⊗ u from the activations), then contracts them with `error`.
 */
export function advanceFullTraces(
  p: FusedLayerParams,
  st: FusedLayerState,
  act: LayerActivations,
  b: number,
  width: number,
  units: number,
  error: TraceError | null,
): void {
  const offset = b * units;
  const { u } = act;
  const eRe = st.traceInputRe;
  const eIm = st.traceInputIm;
  const gBRe = st.gradInputRe;
  const gBIm = st.gradInputIm;
  for (let j = 0; j < units; j++) {
    const lr = p.lambdaRe[j]!;
    const li = p.lambdaIm[j]!;
    const gamma = p.gamma[j]!;
    const at = offset + j;
    const lamRe0 = st.traceLambdaRe[at]!;
    const lamIm0 = st.traceLambdaIm[at]!;
    const lamRe = lr * lamRe0 - li * lamIm0 + st.stateRe[at]!;
    const lamIm = lr * lamIm0 + li * lamRe0 + st.stateIm[at]!;
    st.traceLambdaRe[at] = lamRe;
    st.traceLambdaIm[at] = lamIm;
    const gamRe0 = st.traceGammaRe[at]!;
    const gamIm0 = st.traceGammaIm[at]!;
    const gamRe = lr * gamRe0 - li * gamIm0 + act.inputRe[j]! / gamma;
    const gamIm = lr * gamIm0 + li * gamRe0 + act.inputIm[j]! / gamma;
    st.traceGammaRe[at] = gamRe;
    st.traceGammaIm[at] = gamIm;
    const base = at * width;
    if (error === null) {
      for (let k = 0; k < width; k++) {
        const er = eRe[base + k]!;
        const ei = eIm[base + k]!;
        eRe[base + k] = lr * er - li * ei + gamma * u[k]!;
        eIm[base + k] = lr * ei + li * er;
      }
      continue;
    }
    const gr = error.gRe[j]!;
    const gi = error.gIm[j]!;
    st.gradLambdaRe[j]! += gr * lamRe + gi * lamIm;
    st.gradLambdaIm[j]! += gi * lamRe - gr * lamIm;
    st.gradGamma[j]! += gr * gamRe + gi * gamIm;
    const row = j * width;
    for (let k = 0; k < width; k++) {
      const er = eRe[base + k]!;
      const ei = eIm[base + k]!;
      const nr = lr * er - li * ei + gamma * u[k]!;
      const ni = lr * ei + li * er;
      eRe[base + k] = nr;
      eIm[base + k] = ni;
      gBRe[row + k]! += gr * nr + gi * ni;
      gBIm[row + k]! += gi * nr - gr * ni;
    }
  }
}

/**
 * The one-step rules (κ = 0): contracts g with h_{t−1} (λ, unless `learnLambda` is false, as for
 * online_spatial), B·u (γ) and γ ⊗ u (B) of element `b`. Nothing to do without an error.
 */
export function contractOneStepTraces(
  p: FusedLayerParams,
  st: FusedLayerState,
  act: LayerActivations,
  b: number,
  width: number,
  units: number,
  error: TraceError,
  learnLambda: boolean,
): void {
  const offset = b * units;
  const { u } = act;
  const gBRe = st.gradInputRe;
  const gBIm = st.gradInputIm;
  for (let j = 0; j < units; j++) {
    const gr = error.gRe[j]!;
    const gi = error.gIm[j]!;
    const gamma = p.gamma[j]!;
    if (learnLambda) {
      const pr = st.stateRe[offset + j]!;
      const pi = st.stateIm[offset + j]!;
      st.gradLambdaRe[j]! += gr * pr + gi * pi;
      st.gradLambdaIm[j]! += gi * pr - gr * pi;
    }
    st.gradGamma[j]! += (gr * act.inputRe[j]! + gi * act.inputIm[j]!) / gamma;
    const cr = gamma * gr;
    const ci = gamma * gi;
    const row = j * width;
    for (let k = 0; k < width; k++) {
      const uk = u[k]!;
      gBRe[row + k]! += cr * uk;
      gBIm[row + k]! += ci * uk;
    }
  }
}
