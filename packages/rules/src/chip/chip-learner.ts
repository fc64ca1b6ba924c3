/**
 * The on-chip learner: online_full on the LRU at batch 1, every number in a typed array of its
 * class's format (chip-numerics.ts), forward + diagonal RTRL traces + instantaneous spatial
 * error + gradient + update every step. It simulates the arithmetic of a chip bit for bit; with
 * every class fixed point, the C library `exportChipC` writes computes the same bits (tested).
 * With `fp32` everywhere it is the fused engine's online_full in single precision (tested).
 */
import type { ModelConfig } from '@olrd/core';
import { denseForward, denseGradient, denseInputError } from './chip-dense.js';
import {
  advanceTraces,
  commitState,
  layerBackward,
  layerForward,
  type ChipErrors,
  type ChipLayerActivations,
  type ChipLayerState,
} from './chip-layer.js';
import {
  allocateChipParams,
  checkChipConfig,
  exportChipParams,
  loadChipParams,
  namedChipArrays,
  type ChipParams,
} from './chip-model.js';
import { ChipNumerics, checkExactRange, read, zero, type ChipArray } from './chip-numerics.js';
import { ChipOptimizer, type ChipOptimizerOptions } from './chip-optimizer.js';
import { softmaxHead } from './chip-softmax.js';
import type { Precision } from './precision.js';

/** Options of {@link ChipLearner.create}. */
export interface ChipLearnerOptions {
  /** A model inside the chip's shape (`checkChipConfig`). */
  config: ModelConfig;
  /** Spec-0 parameters (nu, theta, gamma_log, …), rounded to the params' format on the way in. */
  params: Record<string, Float32Array>;
  precision: Precision;
  optimizer: ChipOptimizerOptions;
  /** Seed of the stochastic-rounding stream (default 0). */
  seed?: number;
}

/** What one step gives. */
export interface ChipStepResult {
  /** The predicted class per head, made before learning from this step. */
  prediction: Int32Array;
  /** Cross-entropy averaged over heads (NaN without labels). */
  loss: number;
  /** Heads predicted right (0 without labels). */
  correct: number;
  /** Heads scored (0 without labels). */
  total: number;
}

interface ChipState {
  layers: ChipLayerState[];
  activations: ChipLayerActivations[];
  x: ChipArray;
  encoded: ChipArray;
  logits: ChipArray;
  delta: ChipArray;
  dTop: ChipArray;
  dBelow: ChipArray;
  errors: ChipErrors;
}

function allocateState(numerics: ChipNumerics, config: ModelConfig): ChipState {
  const { dInput, dModel: width, dHidden: units, nLayers } = config;
  const state = (n: number) => numerics.allocate('state', n);
  const traces = (n: number) => numerics.allocate('traces', n);
  const errors = (n: number) => numerics.allocate('errors', n);
  return {
    layers: Array.from({ length: nLayers }, () => ({
      hRe: state(units),
      hIm: state(units),
      traceLambdaRe: traces(units),
      traceLambdaIm: traces(units),
      traceGammaRe: traces(units),
      traceGammaIm: traces(units),
      traceBRe: traces(units * width),
      traceBIm: traces(units * width),
    })),
    activations: Array.from({ length: nLayers }, () => ({
      xhat: state(width),
      u: state(width),
      buRe: state(units),
      buIm: state(units),
      newRe: state(units),
      newIm: state(units),
      out: state(width),
      sd: 1,
    })),
    x: state(dInput),
    encoded: state(width),
    logits: state(config.nClasses * config.multidim),
    delta: errors(config.nClasses * config.multidim),
    dTop: errors(width),
    dBelow: errors(width),
    errors: {
      dU: errors(width),
      dxhat: errors(width),
      gRe: errors(units),
      gIm: errors(units),
      gsRe: errors(units),
      gsIm: errors(units),
    },
  };
}

/** online_full on a chip's number formats (see the file comment). */
export class ChipLearner {
  readonly config: ModelConfig;
  readonly precision: Precision;
  private readonly numerics: ChipNumerics;
  private readonly params: ChipParams;
  private readonly grads: ChipParams;
  private readonly state: ChipState;
  private readonly optimizer: ChipOptimizer;
  private readonly learning: boolean;
  /** Steps taken. */
  steps = 0;

  private constructor(options: ChipLearnerOptions, learning: boolean) {
    this.config = checkChipConfig(options.config);
    checkExactRange(options.precision);
    this.precision = options.precision;
    this.numerics = new ChipNumerics(options.precision, options.seed ?? 0);
    this.params = allocateChipParams(this.numerics, this.config, 'params');
    loadChipParams(this.numerics, this.params, options.params);
    this.grads = allocateChipParams(this.numerics, this.config, 'accumulators');
    this.state = allocateState(this.numerics, this.config);
    this.optimizer = new ChipOptimizer(this.numerics, this.params, options.optimizer);
    this.learning = learning;
  }

  /**
   * A learner for `options`. Throws a `RangeError` for a model outside the chip's shape, two
   * 32-bit fixed-point classes multiplied together, or adam with fixed-point params.
   *
   * @example
   * ```ts
   * const learner = ChipLearner.create({ config, params, precision: parsePrecision('int8'),
   *   optimizer: { name: 'sgd', learningRate: 0.05 } });
   * const { prediction, correct } = learner.step(x, new Int32Array([label]));
   * ```
   */
  static create(options: ChipLearnerOptions): ChipLearner {
    return new ChipLearner(options, true);
  }

  /**
   * A learner that computes gradients but never updates (for comparisons with other engines:
   * `gradients()` then holds the last step's gradient).
   */
  static createFrozen(options: ChipLearnerOptions): ChipLearner {
    return new ChipLearner(options, false);
  }

  /**
   * One step with input x [d_input] (rounded into the state's format): forward, traces and,
   * with `labels` [multidim], the error, gradient and update. Without labels it only predicts
   * (state and traces still advance, as the C library's `olrd_predict`).
   */
  step(x: ArrayLike<number>, labels: Int32Array | null): ChipStepResult {
    const { config, numerics, params, grads, state } = this;
    const { dInput, dModel: width, dHidden: units, nLayers, nClasses, multidim } = config;
    if (x.length !== dInput)
      throw new RangeError(`chip learner: x has ${x.length} values, expected ${dInput}`);
    if (labels !== null && labels.length !== multidim)
      throw new RangeError(`chip learner: ${labels.length} labels, expected ${multidim}`);
    // Inputs round to nearest (the C library takes them already raw).
    for (let i = 0; i < dInput; i++) numerics.setNearest(state.x, i, x[i]!);
    denseForward(
      numerics,
      state.x,
      params.encoderKernel,
      params.encoderBias,
      state.encoded,
      dInput,
      width,
    );
    let input = state.encoded;
    for (let l = 0; l < nLayers; l++) {
      const act = state.activations[l]!;
      layerForward(numerics, params.layers[l]!, state.layers[l]!, act, input, width, units);
      input = act.out;
    }
    const outputs = nClasses * multidim;
    denseForward(
      numerics,
      input,
      params.decoderKernel,
      params.decoderBias,
      state.logits,
      width,
      outputs,
    );
    const head = softmaxHead(numerics, state.logits, labels, state.delta, nClasses, multidim);
    if (labels === null) {
      for (let l = 0; l < nLayers; l++)
        advanceTraces(
          numerics,
          params.layers[l]!,
          state.layers[l]!,
          state.activations[l]!,
          grads.layers[l]!,
          null,
          width,
          units,
        );
    } else {
      for (const [, array] of namedChipArrays(grads)) zero(array);
      this.backward(input);
    }
    for (let l = 0; l < nLayers; l++) commitState(state.layers[l]!, state.activations[l]!);
    if (labels !== null && this.learning) this.optimizer.apply(params, grads);
    this.steps += 1;
    let correct = 0;
    if (labels !== null)
      for (let h = 0; h < multidim; h++) if (head.prediction[h] === labels[h]) correct += 1;
    return {
      prediction: head.prediction,
      loss: labels === null ? Number.NaN : head.loss,
      correct,
      total: labels === null ? 0 : multidim,
    };
  }

  private backward(top: ChipArray): void {
    const { config, numerics, params, grads, state } = this;
    const { dInput, dModel: width, dHidden: units, nLayers } = config;
    const outputs = config.nClasses * config.multidim;
    denseGradient(
      numerics,
      top,
      state.delta,
      grads.decoderKernel,
      grads.decoderBias,
      width,
      outputs,
    );
    denseInputError(numerics, params.decoderKernel, state.delta, state.dTop, width, outputs);
    let dOut = state.dTop;
    let dIn = state.dBelow;
    for (let l = nLayers - 1; l >= 0; l--) {
      const p = params.layers[l]!;
      const act = state.activations[l]!;
      layerBackward(numerics, p, grads.layers[l]!, act, state.errors, dOut, dIn, width, units);
      advanceTraces(
        numerics,
        p,
        state.layers[l]!,
        act,
        grads.layers[l]!,
        state.errors,
        width,
        units,
      );
      [dOut, dIn] = [dIn, dOut];
    }
    denseGradient(numerics, state.x, dOut, grads.encoderKernel, grads.encoderBias, dInput, width);
  }

  /** Zeroes the recurrent state and the traces (a new sequence). */
  resetState(): void {
    for (const layer of this.state.layers) for (const array of Object.values(layer)) zero(array);
  }

  /** The parameters under spec-0 names (float32; λ and γ converted back to their logs). */
  exportParams(): Record<string, Float32Array> {
    return exportChipParams(this.params);
  }

  /** The last learning step's gradient under chip names (lambda_re, lambda_im, gamma, …). */
  gradients(): Record<string, Float64Array> {
    const out: Record<string, Float64Array> = {};
    for (const [name, array] of namedChipArrays(this.grads))
      out[name] = Float64Array.from(array.data, (_, i) => read(array, i));
    return out;
  }

  /**
   * Every stored number as raw storage (integers for fixed point), by name: `params.*`,
   * `state.*`, `traces.*` and `optimizer.*` (the bit-exact comparison with the C export).
   */
  rawArrays(): Record<string, ChipArray['data']> {
    const out: Record<string, ChipArray['data']> = {};
    for (const [name, array] of namedChipArrays(this.params)) out[`params.${name}`] = array.data;
    this.state.layers.forEach((layer, l) => {
      for (const [key, array] of Object.entries(layer))
        out[`${key.startsWith('trace') ? 'traces' : 'state'}.layers.${l}.${key}`] = array.data;
    });
    this.optimizer.stateArrays().forEach((array, i) => {
      out[`optimizer.${i}`] = array.data;
    });
    return out;
  }

  /** Bytes of every stored array, by class (what the chip's RAM holds). */
  bytesByClass(): Record<string, number> {
    const totals: Record<string, number> = {};
    const add = (array: ChipArray) => {
      totals[array.cls] = (totals[array.cls] ?? 0) + array.data.byteLength;
    };
    for (const [, array] of namedChipArrays(this.params)) add(array);
    for (const [, array] of namedChipArrays(this.grads)) add(array);
    for (const layer of this.state.layers) for (const array of Object.values(layer)) add(array);
    for (const array of this.optimizer.stateArrays()) add(array);
    return totals;
  }
}
