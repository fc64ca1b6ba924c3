/**
 * What the fused engine carries between steps: per-element step counters, recurrent states,
 * eligibility traces, the pooled-feature sums and the gradient accumulators, all in doubles
 * (packed arrays, see `fused-vec.ts`). Exports keep that precision, so a restored engine continues
 * bit-identically.
 *
 * The one-step rules (`online_1truncated`, `online_spatial`) have trace decay 0: their traces are
 * rebuilt from the current step alone, so they hold no trace state (the arrays are empty).
 */
import type { ModelConfig } from '@olrd/core';
import type { LruOnlineRuleName } from '../names/index.js';
import { gluKernels } from './fused-post-block.js';
import { zeros, type Vec } from './fused-vec.js';

/** One layer's state, traces and accumulators (flat, row-major). */
export interface FusedLayerState {
  /** h_{t−1}, [B, N]. */
  stateRe: Vec;
  stateIm: Vec;
  /** e^λ and e^γ [B, N], E^B [B, N, H]; empty for the one-step rules. */
  traceLambdaRe: Vec;
  traceLambdaIm: Vec;
  traceGammaRe: Vec;
  traceGammaIm: Vec;
  traceInputRe: Vec;
  traceInputIm: Vec;
  /** Σ_t ⟨g_t, ·⟩ accumulators: ∂L/∂λ (re, im) [N], ∂L/∂γ [N], ∂L/∂B (re, im) [N, H]. */
  gradLambdaRe: Vec;
  gradLambdaIm: Vec;
  gradGamma: Vec;
  gradInputRe: Vec;
  gradInputIm: Vec;
  /** Spatial accumulators (the same arrays as in `FusedState.spatial`). */
  gradNormScale: Vec;
  gradNormBias: Vec;
  gradCRe: Vec;
  gradCIm: Vec;
  gradD: Vec;
  gradOut1Kernel: Vec;
  gradOut1Bias: Vec;
  gradOut2Kernel: Vec;
  gradOut2Bias: Vec;
}

/** The whole engine state. */
export interface FusedState {
  /** Steps consumed per batch element since its last reset (integers). */
  steps: Vec;
  /** Steps consumed since creation (the tfjs engine's global counter). */
  step: number;
  /** Σ of the top features per element [B, H] (read by `pool_st`). */
  featureSum: Vec;
  layers: FusedLayerState[];
  gradEncoderKernel: Vec;
  gradEncoderBias: Vec;
  gradDecoderKernel: Vec;
  gradDecoderBias: Vec;
  /** Every spatial accumulator under its parameter's spec-0 name. */
  spatial: Record<string, Vec>;
}

/**
 * How `rule`'s loops treat the traces: `keepsTraces`, decaying traces carried across steps
 * (κ = λ, `online_full`) rather than this step's terms (κ = 0); `learnsLambda`, whether ν and θ
 * get a gradient (not for `online_spatial`).
 */
export function fusedRuleLoops(rule: LruOnlineRuleName): {
  keepsTraces: boolean;
  learnsLambda: boolean;
} {
  switch (rule) {
    case 'online_full':
      return { keepsTraces: true, learnsLambda: true };
    case 'online_1truncated':
      return { keepsTraces: false, learnsLambda: true };
    case 'online_spatial':
      return { keepsTraces: false, learnsLambda: false };
    default:
      throw new RangeError(`fused engine: no loops for rule '${String(rule satisfies never)}'`);
  }
}

/** Zeroed state for `batchSize` sequences. */
export function allocateFusedState(
  config: ModelConfig,
  rule: LruOnlineRuleName,
  batchSize: number,
): FusedState {
  const { dInput, dModel: width, dHidden: units } = config;
  const outputs = config.nClasses * config.multidim;
  const f64 = zeros;
  const traced = fusedRuleLoops(rule).keepsTraces ? batchSize : 0;
  const spatial: Record<string, Vec> = {};
  const named = (name: string, size: number): Vec => (spatial[name] = f64(size));
  const gradEncoderKernel = named('encoder.kernel', dInput * width);
  const gradEncoderBias = named('encoder.bias', width);
  const layers = Array.from({ length: config.nLayers }, (_, i): FusedLayerState => {
    const p = `layers.${i}.`;
    const kernels = gluKernels(config.activation);
    const glu1 = kernels.out1 ? width : 0;
    const glu2 = kernels.out2 ? width : 0;
    return {
      stateRe: f64(batchSize * units),
      stateIm: f64(batchSize * units),
      traceLambdaRe: f64(traced * units),
      traceLambdaIm: f64(traced * units),
      traceGammaRe: f64(traced * units),
      traceGammaIm: f64(traced * units),
      traceInputRe: f64(traced * units * width),
      traceInputIm: f64(traced * units * width),
      gradLambdaRe: f64(units),
      gradLambdaIm: f64(units),
      gradGamma: f64(units),
      gradInputRe: f64(units * width),
      gradInputIm: f64(units * width),
      gradNormScale: named(`${p}norm.scale`, width),
      gradNormBias: named(`${p}norm.bias`, width),
      gradCRe: named(`${p}rec.C_re`, width * units),
      gradCIm: named(`${p}rec.C_im`, width * units),
      gradD: named(`${p}rec.D`, width),
      gradOut1Kernel: glu1 > 0 ? named(`${p}glu.out1.kernel`, glu1 * glu1) : f64(0),
      gradOut1Bias: glu1 > 0 ? named(`${p}glu.out1.bias`, glu1) : f64(0),
      gradOut2Kernel: glu2 > 0 ? named(`${p}glu.out2.kernel`, glu2 * glu2) : f64(0),
      gradOut2Bias: glu2 > 0 ? named(`${p}glu.out2.bias`, glu2) : f64(0),
    };
  });
  return {
    steps: f64(batchSize),
    step: 0,
    featureSum: f64(batchSize * width),
    layers,
    gradEncoderKernel,
    gradEncoderBias,
    gradDecoderKernel: named('decoder.kernel', width * outputs),
    gradDecoderBias: named('decoder.bias', outputs),
    spatial,
  };
}

/** The per-element arrays of a layer (states and traces), with their per-element sizes. */
function perElementArrays(layer: FusedLayerState): Vec[] {
  return [
    layer.stateRe,
    layer.stateIm,
    layer.traceLambdaRe,
    layer.traceLambdaIm,
    layer.traceGammaRe,
    layer.traceGammaIm,
    layer.traceInputRe,
    layer.traceInputIm,
  ];
}

/** Zeroes states, traces, feature sums and step counters of the elements in `which` (all if omitted). */
export function resetFusedElements(
  state: FusedState,
  batchSize: number,
  which?: readonly number[],
): void {
  const elements = which ?? Array.from({ length: batchSize }, (_, b) => b);
  for (const b of elements) {
    if (!Number.isInteger(b) || b < 0 || b >= batchSize)
      throw new RangeError(`resetState: batch element ${b} is not in [0, ${batchSize})`);
  }
  const clear = (array: Vec): void => {
    const size = array.length / batchSize;
    for (const b of elements) array.fill(0, b * size, (b + 1) * size);
  };
  clear(state.steps);
  clear(state.featureSum);
  for (const layer of state.layers) for (const array of perElementArrays(layer)) clear(array);
}

/** Zeroes every gradient accumulator. */
export function resetFusedGradients(state: FusedState): void {
  for (const array of Object.values(state.spatial)) array.fill(0);
  for (const layer of state.layers) {
    layer.gradLambdaRe.fill(0);
    layer.gradLambdaIm.fill(0);
    layer.gradGamma.fill(0);
    layer.gradInputRe.fill(0);
    layer.gradInputIm.fill(0);
  }
}

/**
 * Every persistent array of the state under its checkpoint name (not copies), the names the tfjs
 * engine uses: `counts` [B], `featureSum` [B, H]; per layer `hidden.{l}.{re,im}` [B, N],
 * `traces.{l}.{lambda,gamma}.{re,im}` [B, N] and `traces.{l}.input.{re,im}` [B, N, H]
 * (online_full only), `traces.{l}.{gradLambda,gradB}.{re,im}` and `traces.{l}.gradGamma`; and
 * `spatialGrads.{parameter}` for every spatially learnt parameter.
 */
export function namedStateArrays(state: FusedState): Record<string, Vec> {
  const out: Record<string, Vec> = {
    counts: state.steps,
    featureSum: state.featureSum,
  };
  state.layers.forEach((layer, l) => {
    out[`hidden.${l}.re`] = layer.stateRe;
    out[`hidden.${l}.im`] = layer.stateIm;
    if (layer.traceInputRe.length > 0) {
      out[`traces.${l}.lambda.re`] = layer.traceLambdaRe;
      out[`traces.${l}.lambda.im`] = layer.traceLambdaIm;
      out[`traces.${l}.gamma.re`] = layer.traceGammaRe;
      out[`traces.${l}.gamma.im`] = layer.traceGammaIm;
      out[`traces.${l}.input.re`] = layer.traceInputRe;
      out[`traces.${l}.input.im`] = layer.traceInputIm;
    }
    out[`traces.${l}.gradLambda.re`] = layer.gradLambdaRe;
    out[`traces.${l}.gradLambda.im`] = layer.gradLambdaIm;
    out[`traces.${l}.gradGamma`] = layer.gradGamma;
    out[`traces.${l}.gradB.re`] = layer.gradInputRe;
    out[`traces.${l}.gradB.im`] = layer.gradInputIm;
  });
  for (const [name, array] of Object.entries(state.spatial)) out[`spatialGrads.${name}`] = array;
  return out;
}
