/**
 * The dense-algebra loops of the fused streaming engine, on one batch element's vectors. Each
 * loop is ordered so that its innermost index walks memory contiguously, and reductions run in
 * double-precision locals. Scratch vectors, parameters and gradient accumulators are all `Vec`
 * (packed double arrays, see `fused-vec.ts`): one array kind keeps these calls monomorphic.
 */
import type { Vec } from './fused-vec.js';

/** ε of the LayerNorm (Flax's default, as `@olrd/core`'s `layerNorm`). */
export const FUSED_LAYER_NORM_EPSILON = 1e-6;

const GELU_SCALE = 2 * Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/**
 * out[o] = bias[o] + Σ_i kernelT[o, i]·x[i] for a dense layer with the kernel transposed
 * ([out, in], so the reduction is contiguous).
 */
export function denseForward(
  x: Vec,
  kernelT: Vec,
  bias: Vec,
  out: Vec,
  inDim: number,
  outDim: number,
): void {
  for (let o = 0; o < outDim; o++) {
    const row = o * inDim;
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < inDim; i += 2) {
      s0 += kernelT[row + i]! * x[i]!;
      s1 += kernelT[row + i + 1]! * x[i + 1]!;
    }
    if (i < inDim) s0 += kernelT[row + i]! * x[i]!;
    out[o] = bias[o]! + (s0 + s1);
  }
}

/**
 * The backward pass of a dense layer in one sweep over its kernel [in, out]:
 * gradKernel[i, o] += x[i]·dy[o], gradBias[o] += dy[o] and, when `dx` is given,
 * dx[i] = Σ_o kernel[i, o]·dy[o] (overwritten).
 */
export function denseBackward(
  x: Vec,
  kernel: Vec,
  dy: Vec,
  gradKernel: Vec,
  gradBias: Vec,
  dx: Vec | null,
  inDim: number,
  outDim: number,
): void {
  for (let o = 0; o < outDim; o++) gradBias[o]! += dy[o]!;
  for (let i = 0; i < inDim; i++) {
    const row = i * outDim;
    const xi = x[i]!;
    let sum = 0;
    for (let o = 0; o < outDim; o++) {
      const g = dy[o]!;
      sum += kernel[row + o]! * g;
      gradKernel[row + o]! += xi * g;
    }
    if (dx !== null) dx[i] = sum;
  }
}

/** gradKernel[i, o] += x[i]·dy[o] and gradBias[o] += dy[o] (a first layer: no input error). */
export function denseWeightGradient(
  x: Vec,
  dy: Vec,
  gradKernel: Vec,
  gradBias: Vec,
  inDim: number,
  outDim: number,
): void {
  for (let o = 0; o < outDim; o++) gradBias[o]! += dy[o]!;
  for (let i = 0; i < inDim; i++) {
    const row = i * outDim;
    const xi = x[i]!;
    for (let o = 0; o < outDim; o++) gradKernel[row + o]! += xi * dy[o]!;
  }
}

/**
 * The two dense layers of a GLU that read the same input, backward in one sweep:
 * grad1 += a ⊗ dy1, grad2 += a ⊗ dy2, biases likewise, and da[i] = Σ_o K1[i,o]·dy1[o] +
 * K2[i,o]·dy2[o] (overwritten). Kernels are square [width, width].
 */
export function denseBackwardPair(
  a: Vec,
  kernel1: Vec,
  kernel2: Vec,
  dy1: Vec,
  dy2: Vec,
  gradKernel1: Vec,
  gradBias1: Vec,
  gradKernel2: Vec,
  gradBias2: Vec,
  da: Vec,
  width: number,
): void {
  for (let o = 0; o < width; o++) {
    gradBias1[o]! += dy1[o]!;
    gradBias2[o]! += dy2[o]!;
  }
  for (let i = 0; i < width; i++) {
    const row = i * width;
    const ai = a[i]!;
    let s0 = 0;
    let s1 = 0;
    let o = 0;
    for (; o + 1 < width; o += 2) {
      const g10 = dy1[o]!;
      const g20 = dy2[o]!;
      const g11 = dy1[o + 1]!;
      const g21 = dy2[o + 1]!;
      s0 += kernel1[row + o]! * g10 + kernel2[row + o]! * g20;
      s1 += kernel1[row + o + 1]! * g11 + kernel2[row + o + 1]! * g21;
      gradKernel1[row + o]! += ai * g10;
      gradKernel2[row + o]! += ai * g20;
      gradKernel1[row + o + 1]! += ai * g11;
      gradKernel2[row + o + 1]! += ai * g21;
    }
    if (o < width) {
      s0 += kernel1[row + o]! * dy1[o]! + kernel2[row + o]! * dy2[o]!;
      gradKernel1[row + o]! += ai * dy1[o]!;
      gradKernel2[row + o]! += ai * dy2[o]!;
    }
    da[i] = s0 + s1;
  }
}

/**
 * LayerNorm over one vector: out = (x − mean)·rstd·scale + bias with the biased variance.
 * Writes the normalised x̂ (needed backward) and returns rstd = 1/√(var + ε).
 */
export function layerNormForward(
  x: Vec,
  scale: Vec,
  bias: Vec,
  out: Vec,
  xhat: Vec,
  width: number,
): number {
  let mean = 0;
  for (let i = 0; i < width; i++) mean += x[i]!;
  mean /= width;
  let variance = 0;
  for (let i = 0; i < width; i++) {
    const centred = x[i]! - mean;
    variance += centred * centred;
  }
  const rstd = 1 / Math.sqrt(variance / width + FUSED_LAYER_NORM_EPSILON);
  for (let i = 0; i < width; i++) {
    const normalised = (x[i]! - mean) * rstd;
    xhat[i] = normalised;
    out[i] = normalised * scale[i]! + bias[i]!;
  }
  return rstd;
}

/**
 * LayerNorm backward: gradScale += dout ⊙ x̂, gradBias += dout and
 * dx (+)= rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) with dx̂ = dout ⊙ scale; `accumulate` chooses
 * between adding to dx and overwriting it.
 */
export function layerNormBackward(
  dout: Vec,
  xhat: Vec,
  rstd: number,
  scale: Vec,
  gradScale: Vec,
  gradBias: Vec,
  dx: Vec,
  accumulate: boolean,
  width: number,
): void {
  let meanGrad = 0;
  let meanGradXhat = 0;
  for (let i = 0; i < width; i++) {
    const g = dout[i]!;
    const xh = xhat[i]!;
    gradScale[i]! += g * xh;
    gradBias[i]! += g;
    const gScaled = g * scale[i]!;
    meanGrad += gScaled;
    meanGradXhat += gScaled * xh;
  }
  meanGrad /= width;
  meanGradXhat /= width;
  for (let i = 0; i < width; i++) {
    const value = rstd * (dout[i]! * scale[i]! - meanGrad - xhat[i]! * meanGradXhat);
    dx[i] = accumulate ? dx[i]! + value : value;
  }
}

/**
 * GELU (tanh form, as x·σ(2z), z = √(2/π)(x + 0.044715x³)): writes gelu(x) to `out` and σ(2z)
 * to `gate` for the backward pass.
 */
export function geluForward(x: Vec, out: Vec, gate: Vec, width: number): void {
  for (let i = 0; i < width; i++) {
    const v = x[i]!;
    const sig = 1 / (1 + Math.exp(-GELU_SCALE * (v + GELU_CUBIC * v * v * v)));
    gate[i] = sig;
    out[i] = v * sig;
  }
}

/** d gelu(x)/dx from x and the gate σ(2z) that {@link geluForward} stored. */
export function geluDerivative(x: number, gate: number): number {
  return gate + x * gate * (1 - gate) * GELU_SCALE * (1 + 3 * GELU_CUBIC * x * x);
}

/** σ(v) = 1/(1 + e^{−v}). */
export function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}
