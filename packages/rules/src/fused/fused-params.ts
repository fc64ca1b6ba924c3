/**
 * The fused engine's copy of the parameters, in doubles (row-major as spec 0), plus
 * what every step would otherwise recompute: λ = exp(−e^nu)·(cos e^theta, sin e^theta),
 * γ = e^gamma_log, B̃ = diag(γ)·B, and the transposed dense kernels that make forward reductions
 * contiguous. Filled once per `setParams`, into the same buffers.
 */
import { lruLambdaAt, paramShapes, type ModelConfig } from '@olrd/core';
import { gluKernels } from './fused-post-block.js';
import { zeros, type Vec } from './fused-vec.js';

/** One sequence layer's parameters and derived quantities. GLU arrays are empty when unused. */
export interface FusedLayerParams {
  normScale: Vec; // [H]
  normBias: Vec; // [H]
  nu: Vec; // [N]
  theta: Vec; // [N]
  lambdaRe: Vec; // [N]
  lambdaIm: Vec; // [N]
  gamma: Vec; // [N]
  /** B̃ = diag(γ)·B, [N, H]. */
  inputRe: Vec;
  inputIm: Vec;
  /** B̃ᵀ, [H, N]. */
  inputTRe: Vec;
  inputTIm: Vec;
  cRe: Vec; // [H, N]
  cIm: Vec; // [H, N]
  cTRe: Vec; // [N, H]
  cTIm: Vec; // [N, H]
  d: Vec; // [H]
  out1Kernel: Vec; // [H, H] (in, out)
  out1KernelT: Vec; // [H, H] (out, in)
  out1Bias: Vec; // [H]
  out2Kernel: Vec;
  out2KernelT: Vec;
  out2Bias: Vec;
}

/** Every parameter of the stacked model in fused form. */
export interface FusedParams {
  encoderKernelT: Vec; // [H, d_input]
  encoderBias: Vec; // [H]
  layers: FusedLayerParams[];
  decoderKernel: Vec; // [H, C·multidim]
  decoderKernelT: Vec; // [C·multidim, H]
  decoderBias: Vec; // [C·multidim]
}

function gluWidth(config: ModelConfig, name: 'out1' | 'out2'): number {
  return gluKernels(config.activation)[name] ? config.dModel : 0;
}

/** Zeroed parameter buffers for `config`. */
export function allocateFusedParams(config: ModelConfig): FusedParams {
  const { dInput, dModel: width, dHidden: units } = config;
  const outputs = config.nClasses * config.multidim;
  const f64 = zeros;
  const layers = Array.from({ length: config.nLayers }, (): FusedLayerParams => {
    const glu1 = gluWidth(config, 'out1');
    const glu2 = gluWidth(config, 'out2');
    return {
      normScale: f64(width),
      normBias: f64(width),
      nu: f64(units),
      theta: f64(units),
      lambdaRe: f64(units),
      lambdaIm: f64(units),
      gamma: f64(units),
      inputRe: f64(units * width),
      inputIm: f64(units * width),
      inputTRe: f64(width * units),
      inputTIm: f64(width * units),
      cRe: f64(width * units),
      cIm: f64(width * units),
      cTRe: f64(units * width),
      cTIm: f64(units * width),
      d: f64(width),
      out1Kernel: f64(glu1 * glu1),
      out1KernelT: f64(glu1 * glu1),
      out1Bias: f64(glu1),
      out2Kernel: f64(glu2 * glu2),
      out2KernelT: f64(glu2 * glu2),
      out2Bias: f64(glu2),
    };
  });
  return {
    encoderKernelT: f64(width * dInput),
    encoderBias: f64(width),
    layers,
    decoderKernel: f64(width * outputs),
    decoderKernelT: f64(outputs * width),
    decoderBias: f64(outputs),
  };
}

/** Checks that `params` has every parameter of `shapes` (`paramShapes(config)`) with its size. */
export function validateFusedParams(
  params: Record<string, Float32Array>,
  shapes: Record<string, number[]>,
): void {
  for (const [name, shape] of Object.entries(shapes)) {
    const values = params[name];
    const size = shape.reduce((a, b) => a * b, 1);
    if (values === undefined) throw new Error(`fused engine: missing parameter '${name}'`);
    if (values.length !== size)
      throw new RangeError(
        `fused engine: parameter '${name}' has ${values.length} values, expected ${size} ([${shape.join(', ')}])`,
      );
  }
}

function copyInto(target: Vec, source: Float32Array): void {
  for (let i = 0; i < source.length; i++) target[i] = source[i]!;
}

function transposeInto(target: Vec, source: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) target[c * rows + r] = source[r * cols + c]!;
}

/**
 * Installs `params` (spec-0 names, row-major Float32Array) into `target`, computing λ, γ, B̃ and
 * the transposed kernels. Throws naming the first missing or mis-sized parameter.
 */
export function loadFusedParams(
  target: FusedParams,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  shapes: Record<string, number[]> = paramShapes(config),
): void {
  validateFusedParams(params, shapes);
  const { dInput, dModel: width, dHidden: units } = config;
  const outputs = config.nClasses * config.multidim;
  const get = (name: string): Float32Array => params[name] as Float32Array;
  transposeInto(target.encoderKernelT, get('encoder.kernel'), dInput, width);
  copyInto(target.encoderBias, get('encoder.bias'));
  target.layers.forEach((layer, i) => {
    const p = `layers.${i}.`;
    copyInto(layer.normScale, get(`${p}norm.scale`));
    copyInto(layer.normBias, get(`${p}norm.bias`));
    copyInto(layer.nu, get(`${p}rec.nu`));
    copyInto(layer.theta, get(`${p}rec.theta`));
    const gammaLog = get(`${p}rec.gamma_log`);
    const bRe = get(`${p}rec.B_re`);
    const bIm = get(`${p}rec.B_im`);
    for (let j = 0; j < units; j++) {
      const [lambdaRe, lambdaIm] = lruLambdaAt(layer.nu[j]!, layer.theta[j]!);
      layer.lambdaRe[j] = lambdaRe;
      layer.lambdaIm[j] = lambdaIm;
      const gamma = Math.exp(gammaLog[j]!);
      layer.gamma[j] = gamma;
      for (let k = 0; k < width; k++) {
        const re = gamma * bRe[j * width + k]!;
        const im = gamma * bIm[j * width + k]!;
        layer.inputRe[j * width + k] = re;
        layer.inputIm[j * width + k] = im;
        layer.inputTRe[k * units + j] = re;
        layer.inputTIm[k * units + j] = im;
      }
    }
    copyInto(layer.cRe, get(`${p}rec.C_re`));
    copyInto(layer.cIm, get(`${p}rec.C_im`));
    transposeInto(layer.cTRe, get(`${p}rec.C_re`), width, units);
    transposeInto(layer.cTIm, get(`${p}rec.C_im`), width, units);
    copyInto(layer.d, get(`${p}rec.D`));
    if (layer.out1Bias.length > 0) {
      copyInto(layer.out1Kernel, get(`${p}glu.out1.kernel`));
      transposeInto(layer.out1KernelT, get(`${p}glu.out1.kernel`), width, width);
      copyInto(layer.out1Bias, get(`${p}glu.out1.bias`));
    }
    if (layer.out2Bias.length > 0) {
      copyInto(layer.out2Kernel, get(`${p}glu.out2.kernel`));
      transposeInto(layer.out2KernelT, get(`${p}glu.out2.kernel`), width, width);
      copyInto(layer.out2Bias, get(`${p}glu.out2.bias`));
    }
  });
  copyInto(target.decoderKernel, get('decoder.kernel'));
  transposeInto(target.decoderKernelT, get('decoder.kernel'), width, outputs);
  copyInto(target.decoderBias, get('decoder.bias'));
}
