/**
 * The post-recurrence block of a sequence layer (spec 1 §3.1 step 3) for one batch element,
 * forward and same-step backward, with the dropout masks of its two sites:
 *
 *   full_glu:  a = gelu(y)·m0, out = z + (W1·a + b1) ⊙ σ(W2·a + b2) ⊙ m1
 *   half_glu1: a = gelu(y)·m0, out = z + a ⊙ σ(W2·a + b2) ⊙ m1
 *   half_glu2: a = gelu(y)·m0, out = z + y ⊙ σ(W2·a + b2) ⊙ m1
 *   gelu:      out = z + gelu(y)·m0;   none: out = z + y.
 */
import type { Activation } from '@olrd/core';
import type { FusedLayerParams } from './fused-params.js';
import type { LayerActivations } from './fused-scratch.js';
import type { FusedLayerState } from './fused-state.js';
import { denseBackward, denseBackwardPair, geluDerivative, geluForward } from './fused-kernels.js';
import { copyVec, type Vec } from './fused-vec.js';

/** The GLU variants: a gate σ(W2·a + b2) on one factor. */
type GluActivation = 'full_glu' | 'half_glu1' | 'half_glu2';

/** The refusal of an activation the fused block has no case for (exhaustiveness check). */
export function unknownActivation(activation: never): RangeError {
  return new RangeError(`fused engine: no post block for activation '${String(activation)}'`);
}

/** Which GLU kernels `activation` has (out1: the full GLU's value kernel; out2: the gate's). */
export function gluKernels(activation: Activation): { out1: boolean; out2: boolean } {
  switch (activation) {
    case 'full_glu':
      return { out1: true, out2: true };
    case 'half_glu1':
    case 'half_glu2':
      return { out1: false, out2: true };
    case 'gelu':
    case 'none':
      return { out1: false, out2: false };
    default:
      throw unknownActivation(activation);
  }
}

/** The factor the gate multiplies: W1·a + b1 (p1), a, or y itself. */
function gatedFactor(activation: GluActivation, act: LayerActivations): Vec {
  switch (activation) {
    case 'full_glu':
      return act.p1;
    case 'half_glu1':
      return act.a;
    case 'half_glu2':
      return act.y;
    default:
      throw unknownActivation(activation);
  }
}

/** Dropout masks of one layer for the current element: [B, H] arrays read at `offset`. */
export interface SiteMasks {
  first: Vec | null;
  second: Vec | null;
  offset: number;
}

/** σ(b2 + W2ᵀ·a) into `s` and, with `kernel1T`, b1 + W1ᵀ·a into `p1`, in one sweep over `a`. */
function gluPreactivations(
  p: FusedLayerParams,
  act: LayerActivations,
  both: boolean,
  width: number,
) {
  const { a, p1, s } = act;
  const k1 = p.out1KernelT;
  const k2 = p.out2KernelT;
  for (let o = 0; o < width; o++) {
    const row = o * width;
    // Two accumulators per output break the add-latency chain.
    let a1 = 0;
    let b1 = 0;
    let a2 = 0;
    let b2 = 0;
    let i = 0;
    if (both)
      for (; i + 1 < width; i += 2) {
        const x0 = a[i]!;
        const x1 = a[i + 1]!;
        a1 += k1[row + i]! * x0;
        a2 += k2[row + i]! * x0;
        b1 += k1[row + i + 1]! * x1;
        b2 += k2[row + i + 1]! * x1;
      }
    else
      for (; i + 1 < width; i += 2) {
        a2 += k2[row + i]! * a[i]!;
        b2 += k2[row + i + 1]! * a[i + 1]!;
      }
    if (i < width) {
      if (both) a1 += k1[row + i]! * a[i]!;
      a2 += k2[row + i]! * a[i]!;
    }
    const sum1 = a1 + b1;
    const sum2 = a2 + b2;
    if (both) p1[o] = p.out1Bias[o]! + sum1;
    s[o] = 1 / (1 + Math.exp(-(p.out2Bias[o]! + sum2)));
  }
}

/** Computes the block on act.y and writes act.out = z + m. */
export function postBlockForward(
  p: FusedLayerParams,
  act: LayerActivations,
  z: Vec,
  activation: Activation,
  masks: SiteMasks,
  width: number,
): void {
  const { y, a, s, out, gate } = act;
  const { first, second, offset } = masks;
  switch (activation) {
    case 'none':
      for (let i = 0; i < width; i++) out[i] = z[i]! + y[i]!;
      return;
    case 'gelu':
      geluForward(y, a, gate, width);
      if (first !== null) for (let i = 0; i < width; i++) a[i]! *= first[offset + i]!;
      for (let i = 0; i < width; i++) out[i] = z[i]! + a[i]!;
      return;
    case 'full_glu':
    case 'half_glu1':
    case 'half_glu2': {
      geluForward(y, a, gate, width);
      if (first !== null) for (let i = 0; i < width; i++) a[i]! *= first[offset + i]!;
      gluPreactivations(p, act, activation === 'full_glu', width);
      const gated = gatedFactor(activation, act);
      for (let i = 0; i < width; i++) {
        const m = gated[i]! * s[i]!;
        out[i] = z[i]! + (second === null ? m : m * second[offset + i]!);
      }
      return;
    }
    default:
      throw unknownActivation(activation);
  }
}

/**
 * Backward of the block: from dm = ∂L/∂m [H] to dY = ∂L/∂y [H], accumulating the GLU kernels'
 * and biases' gradients. `dA`, `dP1` and `dP2` are scratch.
 */
export function postBlockBackward(
  p: FusedLayerParams,
  grads: FusedLayerState,
  act: LayerActivations,
  dm: Vec,
  dY: Vec,
  scratch: { dA: Vec; dP1: Vec; dP2: Vec },
  activation: Activation,
  masks: SiteMasks,
  width: number,
): void {
  const { y, a, s, gate } = act;
  const { dA, dP1, dP2 } = scratch;
  const { first, second, offset } = masks;
  switch (activation) {
    case 'none':
      copyVec(dY, dm);
      return;
    case 'gelu':
      for (let i = 0; i < width; i++) {
        const dg = first === null ? dm[i]! : dm[i]! * first[offset + i]!;
        dY[i] = dg * geluDerivative(y[i]!, gate[i]!);
      }
      return;
    case 'full_glu':
    case 'half_glu1':
    case 'half_glu2':
      break;
    default:
      throw unknownActivation(activation);
  }
  // q = ∂L/∂(gated ⊙ s) after the second mask; dP2 = q·gated·σ′.
  const gated = gatedFactor(activation, act);
  for (let o = 0; o < width; o++) {
    const q = second === null ? dm[o]! : dm[o]! * second[offset + o]!;
    const so = s[o]!;
    dP2[o] = q * gated[o]! * so * (1 - so);
    dP1[o] = q * so;
  }
  if (activation === 'full_glu') {
    denseBackwardPair(
      a,
      p.out1Kernel,
      p.out2Kernel,
      dP1,
      dP2,
      grads.gradOut1Kernel,
      grads.gradOut1Bias,
      grads.gradOut2Kernel,
      grads.gradOut2Bias,
      dA,
      width,
    );
  } else {
    denseBackward(a, p.out2Kernel, dP2, grads.gradOut2Kernel, grads.gradOut2Bias, dA, width, width);
    // The gated factor's own path: into a (half_glu1) or straight into y (half_glu2).
    if (activation === 'half_glu1') for (let i = 0; i < width; i++) dA[i]! += dP1[i]!;
  }
  for (let i = 0; i < width; i++) {
    const da = first === null ? dA[i]! : dA[i]! * first[offset + i]!;
    const direct = activation === 'half_glu2' ? dP1[i]! : 0;
    dY[i] = direct + da * geluDerivative(y[i]!, gate[i]!);
  }
}
