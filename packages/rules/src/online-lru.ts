/**
 * Streaming execution of the online rules for the LRU stack, in optax's shape: `init` allocates
 * the recurrent states and traces, `step` consumes one time step (forward through every layer,
 * the same-step spatial backward, trace update, gradient accumulation), `gradients` returns the
 * accumulated gradient. Memory is independent of the sequence length.
 *
 * Ownership: functions never dispose their arguments; `step` returns a fresh state and the caller
 * disposes the old one with `disposeOnlineState`.
 */
import { tf, tidyTree } from '@olrd/tensor';
import {
  lruDynamics,
  lruLambda,
  lruInputProjection,
  param,
  scope,
  stepLoss as modelStepLoss,
  stepModel,
  stopGradient,
  type DropoutMasks,
  type ModelConfig,
  type ModelStep,
  type Params,
  type Transition,
} from '@olrd/core';
import {
  disposeLruTraces,
  initLruTraces,
  lruTraceGradients,
  stepLruTraces,
  type ComplexPair,
  type LruTraceState,
} from './lru-traces.js';
import type { StepTarget } from './cell-rules/streaming-rule.js';
import { requireSupport } from './names/check-support.js';
import type { LruOnlineRuleName } from './names/index.js';
import { isRecurrentParam } from './recurrent-params.js';

/** Everything a streaming online rule carries between steps. */
export interface OnlineState {
  rule: LruOnlineRuleName;
  /** Steps consumed so far. */
  step: number;
  /** Steps since each batch element's sequence started, [B, 1] (the `pool_st` running mean). */
  counts: tf.Tensor;
  /** h_{t−1} of every layer, [B, N] each. */
  hidden: ComplexPair[];
  traces: LruTraceState[];
  /** Σ of the top features so far [B, H] (for `pool_st`). */
  featureSum: tf.Tensor;
  /** Accumulated spatial gradients of the non-recurrent parameters. */
  spatialGrads: Params;
  /** Σ of the weighted per-step losses so far. */
  loss: tf.Scalar;
}

/** Fresh state for `batchSize` sequences. */
export function initOnlineState(
  rule: LruOnlineRuleName,
  params: Params,
  config: ModelConfig,
  batchSize: number,
): OnlineState {
  requireSupport(rule, config, 'streaming');
  const { dHidden: units, dModel: width } = config;
  const spatialGrads: Params = {};
  for (const [name, tensor] of Object.entries(params))
    if (!isRecurrentParam(name)) spatialGrads[name] = tf.zerosLike(tensor);
  return {
    rule,
    step: 0,
    counts: tf.zeros([batchSize, 1]),
    hidden: Array.from({ length: config.nLayers }, () => ({
      re: tf.zeros([batchSize, units]),
      im: tf.zeros([batchSize, units]),
    })),
    traces: Array.from({ length: config.nLayers }, () => initLruTraces(batchSize, units, width)),
    featureSum: tf.zeros([batchSize, width]),
    spatialGrads,
    loss: tf.scalar(0),
  };
}

/**
 * The LRU hybrid's extra credit (bp-lambda/hybrid-streaming.ts): a constant added to the error
 * that reaches each layer's input path, but not to the error its traces receive.
 */
export interface InjectedSignal {
  /** Layer `layer`'s signal [B, 2N] for its new state h_t ([re | im], detached): (s/B)·ĝ_t. */
  signal(layer: number, state: tf.Tensor2D): tf.Tensor;
}

/**
 * The online rules' transition for core's `stepModel`: h_t = stop(λ ⊙ h_{t−1}) + B̃·u_t + p_t, with
 * the carry a constant and p_t a zero perturbation (`perturbations[2·layer]` and `[2·layer + 1]`:
 * re, im) whose gradient is the instantaneous error ∂L_t/∂h_t. With `inject`, Σ signal·(h − stop(h)) (value 0,
 * gradient `signal` at h_t, sent only down the input path) is added to `pseudo`; the signals are
 * kept in `signals` for the caller to dispose.
 */
function onlineTransition(
  hidden: readonly ComplexPair[],
  perturbations: readonly tf.Tensor[],
  inject: InjectedSignal | undefined,
  signals: tf.Tensor[],
  pseudo: { value: tf.Tensor },
): Transition {
  return (layer, rec, u) => {
    const dynamics = lruDynamics(rec);
    const previous = hidden[layer] as ComplexPair;
    const [bRe, bIm] = lruInputProjection(u, dynamics);
    const carryRe = tf.sub(
      tf.mul(dynamics.lambdaRe, previous.re),
      tf.mul(dynamics.lambdaIm, previous.im),
    );
    const carryIm = tf.add(
      tf.mul(dynamics.lambdaRe, previous.im),
      tf.mul(dynamics.lambdaIm, previous.re),
    );
    const hRe = tf.add(tf.add(stopGradient(carryRe), bRe), perturbations[2 * layer] as tf.Tensor);
    const hIm = tf.add(
      tf.add(stopGradient(carryIm), bIm),
      perturbations[2 * layer + 1] as tf.Tensor,
    );
    const packed = tf.concat([hRe, hIm], -1);
    if (inject !== undefined) {
      const signal = tf.keep(
        stopGradient(inject.signal(layer, stopGradient(packed) as tf.Tensor2D)),
      );
      signals[layer] = signal;
      pseudo.value = tf.add(
        pseudo.value,
        tf.sum(tf.mul(signal, tf.sub(packed, stopGradient(packed)))),
      );
    }
    return packed;
  };
}

/**
 * Consumes x_t [B, d_input]. With a target, the weighted loss of this step (cross-entropy, or the
 * squared error with `loss: 'mse'`) is added to the loss and its gradient to the accumulators;
 * without one (e.g. before the last step in `last` mode) the states and traces still advance.
 * Returns the new state and this step's log-probabilities [B, multidim, classes] (owned by the
 * caller). With `inject`, every step runs the backward pass (the signals reach the layers below
 * even without a target) and `arriving` holds each layer's ∂L_t/∂h_t [B, 2N], the signals
 * excluded (owned by the caller). The forward step is core's `stepModel` with
 * {@link onlineTransition}.
 */
export function stepOnline(
  state: OnlineState,
  params: Params,
  config: ModelConfig,
  x: tf.Tensor2D,
  target: StepTarget | null,
  dropoutMasks: DropoutMasks = [],
  inject?: InjectedSignal,
): { state: OnlineState; logProbs: tf.Tensor3D; arriving?: tf.Tensor[] } {
  const spatialNames = Object.keys(state.spatialGrads);
  const signals: tf.Tensor[] = [];
  let stepped: ModelStep | undefined;
  const perturbations = state.hidden.flatMap((h) => [tf.zerosLike(h.re), tf.zerosLike(h.im)]);

  // The step's loss as a function of the spatial parameters and the perturbations.
  const stepLoss = (...inputs: tf.Tensor[]): tf.Scalar => {
    const current: Params = { ...params };
    spatialNames.forEach((name, i) => (current[name] = inputs[i] as tf.Tensor));
    const pseudo = { value: tf.scalar(0) as tf.Tensor };
    const transition = onlineTransition(
      state.hidden,
      inputs.slice(spatialNames.length),
      inject,
      signals,
      pseudo,
    );
    const pooling = { featureSum: state.featureSum, counts: state.counts };
    const result = stepModel(current, config, x, transition, dropoutMasks, pooling);
    // Made inside valueAndGrads (which disposes what it does not keep); disposed below.
    stepped = {
      states: result.states.map((s) => tf.keep(s)),
      inputs: result.inputs.map((u) => tf.keep(u)),
      top: tf.keep(result.top),
      logProbs: tf.keep(result.logProbs),
    };
    const { logProbs } = stepped;
    if (target === null) {
      if (inject === undefined) return tf.scalar(0);
      // 0·Σ log p keeps every parameter on the graph (autodiff refuses unconnected inputs).
      return tf.add(tf.mul(tf.sum(logProbs), 0), pseudo.value) as tf.Scalar;
    }
    return tf.add(
      modelStepLoss(logProbs, target.y, target.weight, config),
      pseudo.value,
    ) as tf.Scalar;
  };

  const next = tidyTree(() => {
    const inputs = [...spatialNames.map((name) => param(params, name)), ...perturbations];
    let errors: ComplexPair[] | null = null;
    let lossValue: tf.Scalar;
    const spatialGrads: Params = {};
    if (target === null && inject === undefined) {
      lossValue = stepLoss(...inputs);
      for (const name of spatialNames)
        spatialGrads[name] = tf.clone(state.spatialGrads[name] as tf.Tensor);
    } else {
      const { value, grads } = tf.valueAndGrads(stepLoss)(inputs);
      lossValue = value as tf.Scalar;
      spatialNames.forEach(
        (name, i) =>
          (spatialGrads[name] = tf.add(
            state.spatialGrads[name] as tf.Tensor,
            grads[i] as tf.Tensor,
          )),
      );
      errors = state.hidden.map((_, layer) => {
        const re = grads[spatialNames.length + 2 * layer] as tf.Tensor;
        const im = grads[spatialNames.length + 2 * layer + 1] as tf.Tensor;
        const signal = signals[layer];
        if (signal === undefined) return { re, im };
        const [sRe, sIm] = tf.split(signal, 2, -1) as [tf.Tensor, tf.Tensor];
        return { re: tf.sub(re, sRe), im: tf.sub(im, sIm) };
      });
    }
    const { states, inputs: layerInputs, top } = stepped as ModelStep;
    const traces = state.traces.map((traceState, layer) => {
      const rec = scope(params, `layers.${layer}.rec.`);
      const full = state.rule === 'online_full';
      const decay = full ? lruLambda(rec['nu'] as tf.Tensor, rec['theta'] as tf.Tensor) : null;
      return stepLruTraces(traceState, {
        decayRe: decay?.[0] ?? null,
        decayIm: decay?.[1] ?? null,
        previous: state.hidden[layer] as ComplexPair,
        u: layerInputs[layer] as tf.Tensor,
        bRe: rec['B_re'] as tf.Tensor,
        bIm: rec['B_im'] as tf.Tensor,
        gamma: tf.exp(rec['gamma_log'] as tf.Tensor),
        error: errors?.[layer] ?? null,
        learnLambda: state.rule !== 'online_spatial',
      });
    });
    const hidden = states.map((packed) => {
      const [re, im] = tf.split(packed, 2, -1) as [tf.Tensor, tf.Tensor];
      return { re, im };
    });
    const nextState: OnlineState = {
      rule: state.rule,
      step: state.step + 1,
      counts: tf.add(state.counts, 1),
      hidden,
      traces,
      featureSum: tf.add(state.featureSum, top),
      spatialGrads,
      loss: tf.add(state.loss, lossValue) as tf.Scalar,
    };
    const arriving =
      inject === undefined || errors === null
        ? undefined
        : errors.map((e) => tf.concat([e.re, e.im], -1));
    return { nextState, arriving };
  });
  const { states, inputs, top, logProbs } = stepped as ModelStep;
  tf.dispose([...states, ...inputs, top, ...signals, ...perturbations]);
  return {
    state: next.nextState,
    logProbs,
    ...(next.arriving === undefined ? {} : { arriving: next.arriving }),
  };
}

/** The gradient accumulated so far, for every parameter (spatial ones and trace-based ones). */
export function onlineGradients(state: OnlineState, params: Params): Params {
  const grads: Params = {};
  for (const name of Object.keys(params)) {
    const spatial = state.spatialGrads[name];
    if (spatial !== undefined) grads[name] = tf.clone(spatial);
  }
  state.traces.forEach((traceState, layer) => {
    const prefix = `layers.${layer}.rec.`;
    const fromTraces = lruTraceGradients(traceState, scope(params, prefix));
    for (const [name, tensor] of Object.entries(fromTraces)) grads[prefix + name] = tensor;
  });
  // Keep the parameters' order so downstream code sees a stable layout.
  const ordered: Params = {};
  for (const name of Object.keys(params)) ordered[name] = grads[name] as tf.Tensor;
  return ordered;
}

/** Disposes every tensor of an online state. */
export function disposeOnlineState(state: OnlineState): void {
  for (const h of state.hidden) tf.dispose([h.re, h.im]);
  state.traces.forEach(disposeLruTraces);
  tf.dispose([state.featureSum, state.counts, state.loss, ...Object.values(state.spatialGrads)]);
}
