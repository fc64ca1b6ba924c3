/**
 * One LRU layer of the chip learner, one step: forward (pre-norm, h_t = λ ⊙ h_{t−1} + γ ⊙ (B·u),
 * y = Re(C·h_t) + D ⊙ u, out = z + y), the same-step backward (the instantaneous error
 * g = ∂L/∂h_t, no path through h_{t−1}) and online_full's diagonal RTRL traces (spec 1 §4.2):
 *
 *   e^λ ← λ ⊙ e^λ + h_{t−1},   e^γ ← λ ⊙ e^γ + B·u,   E^B ← λ ⊙ E^B + γ ⊗ u,
 *   ∂λ += ⟨g, e^λ⟩ (complex),  ∂γ += Re⟨g, e^γ⟩,      ∂B += ⟨g, E^B⟩ (complex)
 *
 * Each stored quantity is rounded into its class once (chip-numerics.ts).
 */
import { normBackward, normForward } from './chip-norm.js';
import type { ChipLayer } from './chip-model.js';
import { read, type ChipArray, type ChipNumerics } from './chip-numerics.js';

/** A layer's recurrent state (class `state`) and traces (class `traces`). */
export interface ChipLayerState {
  hRe: ChipArray;
  hIm: ChipArray;
  traceLambdaRe: ChipArray;
  traceLambdaIm: ChipArray;
  traceGammaRe: ChipArray;
  traceGammaIm: ChipArray;
  /** [N, H]. */
  traceBRe: ChipArray;
  traceBIm: ChipArray;
}

/** A layer's activations of the current step (class `state`). */
export interface ChipLayerActivations {
  xhat: ChipArray;
  u: ChipArray;
  buRe: ChipArray;
  buIm: ChipArray;
  newRe: ChipArray;
  newIm: ChipArray;
  out: ChipArray;
  /** The LayerNorm's standard deviation (a value on the state's grid when fixed point). */
  sd: number;
}

/** Errors scratch shared by the layers (class `errors`). */
export interface ChipErrors {
  dU: ChipArray;
  dxhat: ChipArray;
  gRe: ChipArray;
  gIm: ChipArray;
  gsRe: ChipArray;
  gsIm: ChipArray;
}

/** Layer forward from its input z [H]: fills `act` (h_t in newRe/newIm, not yet committed). */
export function layerForward(
  numerics: ChipNumerics,
  p: ChipLayer,
  st: ChipLayerState,
  act: ChipLayerActivations,
  z: ChipArray,
  width: number,
  units: number,
): void {
  act.sd = normForward(numerics, z, p.normScale, p.normBias, act.xhat, act.u, width);
  const { u } = act;
  for (let j = 0; j < units; j++) {
    let re = 0;
    let im = 0;
    for (let k = 0; k < width; k++) {
      const uk = read(u, k);
      re += read(p.bRe, j * width + k) * uk;
      im += read(p.bIm, j * width + k) * uk;
    }
    numerics.set(act.buRe, j, re);
    numerics.set(act.buIm, j, im);
    const lr = read(p.lambdaRe, j);
    const li = read(p.lambdaIm, j);
    const pr = read(st.hRe, j);
    const pi = read(st.hIm, j);
    const gamma = read(p.gamma, j);
    numerics.set(act.newRe, j, lr * pr - li * pi + gamma * read(act.buRe, j));
    numerics.set(act.newIm, j, lr * pi + li * pr + gamma * read(act.buIm, j));
  }
  for (let i = 0; i < width; i++) {
    let sum = read(p.d, i) * read(u, i);
    for (let j = 0; j < units; j++)
      sum +=
        read(p.cRe, i * units + j) * read(act.newRe, j) -
        read(p.cIm, i * units + j) * read(act.newIm, j);
    // y is stored (as the C export's y[]) before the residual adds it.
    const y = numerics.value('state', sum);
    numerics.set(act.out, i, read(z, i) + y);
  }
}

/**
 * Same-step backward from ∂L/∂out (`dOut`, errors) into ∂L/∂z (`dIn`, errors), accumulating
 * D, C and norm gradients into `grads` and leaving g in `errors.gRe/gIm`.
 */
export function layerBackward(
  numerics: ChipNumerics,
  p: ChipLayer,
  grads: ChipLayer,
  act: ChipLayerActivations,
  errors: ChipErrors,
  dOut: ChipArray,
  dIn: ChipArray,
  width: number,
  units: number,
): void {
  const { u, newRe, newIm } = act;
  const { dU, gRe, gIm, gsRe, gsIm } = errors;
  for (let i = 0; i < width; i++) {
    const dy = read(dOut, i);
    numerics.set(grads.d, i, read(grads.d, i) + dy * read(u, i));
    for (let j = 0; j < units; j++) {
      const at = i * units + j;
      numerics.set(grads.cRe, at, read(grads.cRe, at) + dy * read(newRe, j));
      numerics.set(grads.cIm, at, read(grads.cIm, at) - dy * read(newIm, j));
    }
  }
  for (let j = 0; j < units; j++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < width; i++) {
      const dy = read(dOut, i);
      re += read(p.cRe, i * units + j) * dy;
      im -= read(p.cIm, i * units + j) * dy;
    }
    numerics.set(gRe, j, re);
    numerics.set(gIm, j, im);
    const gamma = read(p.gamma, j);
    numerics.set(gsRe, j, gamma * read(gRe, j));
    numerics.set(gsIm, j, gamma * read(gIm, j));
  }
  for (let k = 0; k < width; k++) {
    let sum = read(p.d, k) * read(dOut, k);
    for (let j = 0; j < units; j++)
      sum +=
        read(p.bRe, j * width + k) * read(gsRe, j) + read(p.bIm, j * width + k) * read(gsIm, j);
    numerics.set(dU, k, sum);
  }
  // The residual passes dOut straight to z; the norm adds its part.
  for (let i = 0; i < width; i++) dIn.data[i] = dOut.data[i]!;
  normBackward(
    numerics,
    dU,
    act.xhat,
    act.sd,
    p.normScale,
    grads.normScale,
    grads.normBias,
    errors.dxhat,
    dIn,
    width,
  );
}

/**
 * online_full's traces for this step (h_{t−1} still in the state), contracted with g when
 * `errors` is given (a step with a loss).
 */
export function advanceTraces(
  numerics: ChipNumerics,
  p: ChipLayer,
  st: ChipLayerState,
  act: ChipLayerActivations,
  grads: ChipLayer,
  errors: ChipErrors | null,
  width: number,
  units: number,
): void {
  for (let j = 0; j < units; j++) {
    const lr = read(p.lambdaRe, j);
    const li = read(p.lambdaIm, j);
    const gamma = read(p.gamma, j);
    const a = read(st.traceLambdaRe, j);
    const b = read(st.traceLambdaIm, j);
    numerics.set(st.traceLambdaRe, j, lr * a - li * b + read(st.hRe, j));
    numerics.set(st.traceLambdaIm, j, lr * b + li * a + read(st.hIm, j));
    const c = read(st.traceGammaRe, j);
    const d = read(st.traceGammaIm, j);
    numerics.set(st.traceGammaRe, j, lr * c - li * d + read(act.buRe, j));
    numerics.set(st.traceGammaIm, j, lr * d + li * c + read(act.buIm, j));
    const gr = errors === null ? 0 : read(errors.gRe, j);
    const gi = errors === null ? 0 : read(errors.gIm, j);
    if (errors !== null) {
      const lamRe = read(st.traceLambdaRe, j);
      const lamIm = read(st.traceLambdaIm, j);
      numerics.set(grads.lambdaRe, j, read(grads.lambdaRe, j) + gr * lamRe + gi * lamIm);
      numerics.set(grads.lambdaIm, j, read(grads.lambdaIm, j) + gi * lamRe - gr * lamIm);
      numerics.set(
        grads.gamma,
        j,
        read(grads.gamma, j) + gr * read(st.traceGammaRe, j) + gi * read(st.traceGammaIm, j),
      );
    }
    for (let k = 0; k < width; k++) {
      const at = j * width + k;
      const er = read(st.traceBRe, at);
      const ei = read(st.traceBIm, at);
      numerics.set(st.traceBRe, at, lr * er - li * ei + gamma * read(act.u, k));
      numerics.set(st.traceBIm, at, lr * ei + li * er);
      if (errors === null) continue;
      const nr = read(st.traceBRe, at);
      const ni = read(st.traceBIm, at);
      numerics.set(grads.bRe, at, read(grads.bRe, at) + gr * nr + gi * ni);
      numerics.set(grads.bIm, at, read(grads.bIm, at) + gi * nr - gr * ni);
    }
  }
}

/** h_{t−1} ← h_t. */
export function commitState(st: ChipLayerState, act: ChipLayerActivations): void {
  st.hRe.data.set(act.newRe.data);
  st.hIm.data.set(act.newIm.data);
}
