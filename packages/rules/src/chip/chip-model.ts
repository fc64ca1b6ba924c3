/**
 * The model the on-chip learner runs, and its parameters in chip form. The shape is the one a
 * microcontroller can afford and the C export writes: encoder → LRU layers (pre-norm LayerNorm,
 * the LRU, y = Re(C·h) + D ⊙ u, residual; no post block) → linear decoder per step, batch 1, no
 * pooling or dropout. λ and γ are learnt directly as (Re λ, Im λ) and γ instead of through
 * exp/cos/sin of their logs, so no transcendental function runs per step; the spec-0 names
 * (nu, theta, gamma_log) are converted on the way in and out.
 */
import { lruLambdaAt, validateModelConfig, type ModelConfig } from '@olrd/core';
import { read, type ChipArray, type ChipNumerics } from './chip-numerics.js';

/**
 * Throws a `RangeError` naming the first field of `config` outside the chip learner's shape
 * and the value it needs.
 */
export function checkChipConfig(config: ModelConfig): ModelConfig {
  validateModelConfig(config);
  const needs: [boolean, string][] = [
    [config.layerCls === 'LRU', `layerCls 'LRU' (got '${config.layerCls}')`],
    [config.activation === 'none', `activation 'none' (no post block; got '${config.activation}')`],
    [config.prenorm, 'prenorm true (the pre-norm LayerNorm; post-norm is not implemented)'],
    [config.mode === 'none', `mode 'none' (a prediction every step; got '${config.mode}')`],
    [config.pDropout === 0, `pDropout 0 (got ${config.pDropout})`],
    [(config.loss ?? 'cross_entropy') === 'cross_entropy', "loss 'cross_entropy'"],
    [config.retrieval !== true, 'no retrieval head'],
    [config.synthesiser !== true, 'no synthesiser'],
  ];
  for (const [ok, need] of needs)
    if (!ok) throw new RangeError(`chip learner: the model needs ${need}`);
  return config;
}

/** One LRU layer's parameters (or their gradients) in chip form. */
export interface ChipLayer {
  normScale: ChipArray;
  normBias: ChipArray;
  lambdaRe: ChipArray;
  lambdaIm: ChipArray;
  gamma: ChipArray;
  /** [N, H]. */
  bRe: ChipArray;
  bIm: ChipArray;
  /** [H, N]. */
  cRe: ChipArray;
  cIm: ChipArray;
  d: ChipArray;
}

/** Every parameter (or gradient), kernels [in, out] as spec 0. */
export interface ChipParams {
  encoderKernel: ChipArray;
  encoderBias: ChipArray;
  layers: ChipLayer[];
  decoderKernel: ChipArray;
  decoderBias: ChipArray;
}

/** Allocates parameters (class `params`) or gradients (class `accumulators`). */
export function allocateChipParams(
  numerics: ChipNumerics,
  config: ModelConfig,
  cls: 'params' | 'accumulators',
): ChipParams {
  const { dInput, dModel: width, dHidden: units, nLayers } = config;
  const outputs = config.nClasses * config.multidim;
  const make = (length: number) => numerics.allocate(cls, length);
  return {
    encoderKernel: make(dInput * width),
    encoderBias: make(width),
    layers: Array.from({ length: nLayers }, () => ({
      normScale: make(width),
      normBias: make(width),
      lambdaRe: make(units),
      lambdaIm: make(units),
      gamma: make(units),
      bRe: make(units * width),
      bIm: make(units * width),
      cRe: make(width * units),
      cIm: make(width * units),
      d: make(width),
    })),
    decoderKernel: make(width * outputs),
    decoderBias: make(outputs),
  };
}

/** Chip names → arrays, in a fixed order (checkpoints, the C export, comparisons). */
export function namedChipArrays(params: ChipParams): [string, ChipArray][] {
  const out: [string, ChipArray][] = [
    ['encoder.kernel', params.encoderKernel],
    ['encoder.bias', params.encoderBias],
  ];
  params.layers.forEach((layer, l) => {
    const prefix = `layers.${l}.`;
    out.push(
      [`${prefix}norm.scale`, layer.normScale],
      [`${prefix}norm.bias`, layer.normBias],
      [`${prefix}rec.lambda_re`, layer.lambdaRe],
      [`${prefix}rec.lambda_im`, layer.lambdaIm],
      [`${prefix}rec.gamma`, layer.gamma],
      [`${prefix}rec.B_re`, layer.bRe],
      [`${prefix}rec.B_im`, layer.bIm],
      [`${prefix}rec.C_re`, layer.cRe],
      [`${prefix}rec.C_im`, layer.cIm],
      [`${prefix}rec.D`, layer.d],
    );
  });
  out.push(['decoder.kernel', params.decoderKernel], ['decoder.bias', params.decoderBias]);
  return out;
}

function need(params: Record<string, Float32Array>, name: string, length: number): Float32Array {
  const value = params[name];
  if (value === undefined) throw new RangeError(`chip learner: missing parameter '${name}'`);
  if (value.length !== length)
    throw new RangeError(
      `chip learner: '${name}' has ${value.length} values, the model needs ${length}`,
    );
  return value;
}

/**
 * Stores spec-0 parameters (nu, theta, gamma_log, …) into chip form, rounding each value to
 * the params' format to nearest.
 */
export function loadChipParams(
  numerics: ChipNumerics,
  target: ChipParams,
  params: Record<string, Float32Array>,
): void {
  const direct: Record<string, ChipArray> = {};
  for (const [name, array] of namedChipArrays(target)) direct[name] = array;
  const store = (array: ChipArray, values: ArrayLike<number>) => {
    for (let i = 0; i < values.length; i++) numerics.setNearest(array, i, values[i]!);
  };
  for (const [name, array] of Object.entries(direct)) {
    if (/rec\.(lambda_re|lambda_im|gamma)$/.test(name)) continue;
    store(array, need(params, name, array.data.length));
  }
  target.layers.forEach((layer, l) => {
    const units = layer.gamma.data.length;
    const nu = need(params, `layers.${l}.rec.nu`, units);
    const theta = need(params, `layers.${l}.rec.theta`, units);
    const gammaLog = need(params, `layers.${l}.rec.gamma_log`, units);
    for (let j = 0; j < units; j++) {
      const [re, im] = lruLambdaAt(nu[j]!, theta[j]!);
      numerics.setNearest(layer.lambdaRe, j, re);
      numerics.setNearest(layer.lambdaIm, j, im);
      numerics.setNearest(layer.gamma, j, Math.exp(gammaLog[j]!));
    }
  });
}

/**
 * Spec-0 parameters from chip form: nu = ln(−ln|λ|), theta = ln(arg λ) with arg λ in (0, 2π],
 * gamma_log = ln γ (|λ| and γ are kept in (0, 1) and > 0 by the updates).
 */
export function exportChipParams(params: ChipParams): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, array] of namedChipArrays(params)) {
    if (/rec\.(lambda_re|lambda_im|gamma)$/.test(name)) continue;
    out[name] = Float32Array.from(array.data, (_, i) => read(array, i));
  }
  params.layers.forEach((layer, l) => {
    const units = layer.gamma.data.length;
    const nu = new Float32Array(units);
    const theta = new Float32Array(units);
    const gammaLog = new Float32Array(units);
    for (let j = 0; j < units; j++) {
      const re = read(layer.lambdaRe, j);
      const im = read(layer.lambdaIm, j);
      const modulus = Math.min(Math.max(Math.hypot(re, im), 1e-30), 1 - 1e-7);
      let phase = Math.atan2(im, re);
      if (phase <= 0) phase += 2 * Math.PI;
      nu[j] = Math.log(-Math.log(modulus));
      theta[j] = Math.log(phase);
      gammaLog[j] = Math.log(Math.max(read(layer.gamma, j), 1e-30));
    }
    out[`layers.${l}.rec.nu`] = nu;
    out[`layers.${l}.rec.theta`] = theta;
    out[`layers.${l}.rec.gamma_log`] = gammaLog;
  });
  return out;
}
