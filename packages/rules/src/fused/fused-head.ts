/**
 * The fused engine's ends for one batch element: the encoder (dense d_input → H), pooling
 * (`pool_st`: running mean forward, identity backward; `none`/`last`: the step's features), the
 * decoder with a log-softmax per head, the weighted cross-entropy averaged over heads, and
 * their same-step backward.
 */
import type { ModelConfig } from '@olrd/core';
import { denseBackward, denseForward, denseWeightGradient } from './fused-kernels.js';
import type { FusedParams } from './fused-params.js';
import type { FusedScratch } from './fused-scratch.js';
import type { FusedState } from './fused-state.js';
import { copyVec, type Vec } from './fused-vec.js';

/** Encoder for element `b` of x [B, d_input]: writes `scratch.encoded`. */
export function encoderForward(
  params: FusedParams,
  scratch: FusedScratch,
  x: Float32Array,
  b: number,
  config: ModelConfig,
): void {
  const { dInput, dModel: width } = config;
  for (let i = 0; i < dInput; i++) scratch.x[i] = x[b * dInput + i]!;
  denseForward(
    scratch.x,
    params.encoderKernelT,
    params.encoderBias,
    scratch.encoded,
    dInput,
    width,
  );
}

/** Encoder weight gradients from the error `dEncoded` [H] at its output. */
export function encoderBackward(
  state: FusedState,
  scratch: FusedScratch,
  dEncoded: Vec,
  config: ModelConfig,
): void {
  denseWeightGradient(
    scratch.x,
    dEncoded,
    state.gradEncoderKernel,
    state.gradEncoderBias,
    config.dInput,
    config.dModel,
  );
}

/**
 * Pools the top features `top` [H] of element `b` (updating its running sum for `pool_st`),
 * decodes, and writes the log-probabilities to `scratch.logits` (doubles) and to `logProbs`
 * [B, multidim, classes] at element `b`.
 */
export function headForward(
  params: FusedParams,
  state: FusedState,
  scratch: FusedScratch,
  top: Vec,
  b: number,
  config: ModelConfig,
  logProbs: Float32Array,
): void {
  const { dModel: width, nClasses: classes, multidim } = config;
  const outputs = classes * multidim;
  const features = scratch.features;
  switch (config.mode) {
    case 'pool_st': {
      const sum = state.featureSum;
      const count = state.steps[b]! + 1;
      const offset = b * width;
      for (let i = 0; i < width; i++) {
        const total = sum[offset + i]! + top[i]!;
        sum[offset + i] = total;
        features[i] = total / count;
      }
      break;
    }
    case 'none':
    case 'last':
      copyVec(features, top);
      break;
    case 'pool':
      // fusedSupportProblem refuses it before an engine exists.
      throw new RangeError("fused engine: pooling 'pool' needs the whole sequence");
    default:
      throw new RangeError(`fused engine: no pooling '${String(config.mode satisfies never)}'`);
  }
  const logits = scratch.logits;
  denseForward(features, params.decoderKernelT, params.decoderBias, logits, width, outputs);
  for (let head = 0; head < multidim; head++) {
    const base = head * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c]!);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(logits[base + c]! - max);
    const shift = max + Math.log(total);
    for (let c = 0; c < classes; c++) {
      const value = logits[base + c]! - shift;
      logits[base + c] = value;
      logProbs[b * outputs + base + c] = value;
    }
  }
}

/**
 * weight·CE of element `b` (CE averaged over heads) from the log-probabilities in
 * `scratch.logits`, and its gradient with respect to the logits in `scratch.dLogits`.
 */
export function headLoss(
  scratch: FusedScratch,
  labels: Int32Array,
  weight: number,
  b: number,
  config: ModelConfig,
): number {
  const { nClasses: classes, multidim } = config;
  const { logits, dLogits } = scratch;
  const scale = weight / multidim;
  let picked = 0;
  for (let head = 0; head < multidim; head++) {
    const label = labels[b * multidim + head]!;
    if (!(label >= 0 && label < classes))
      throw new RangeError(
        `fused engine: label ${label} (element ${b}, head ${head}) is not in [0, ${classes})`,
      );
    const base = head * classes;
    picked += logits[base + label]!;
    for (let c = 0; c < classes; c++)
      dLogits[base + c] = scale * (Math.exp(logits[base + c]!) - (c === label ? 1 : 0));
  }
  return -scale * picked;
}

/** Decoder backward: its gradients and ∂L/∂top into `dTop` [H] (straight through `pool_st`). */
export function headBackward(
  params: FusedParams,
  state: FusedState,
  scratch: FusedScratch,
  dTop: Vec,
  config: ModelConfig,
): void {
  denseBackward(
    scratch.features,
    params.decoderKernel,
    scratch.dLogits,
    state.gradDecoderKernel,
    state.gradDecoderBias,
    dTop,
    config.dModel,
    config.nClasses * config.multidim,
  );
}
