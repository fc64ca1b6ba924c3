/**
 * Truncated BPTT in streaming execution: steps are buffered until `truncation` of them have
 * arrived, then the chunk is replayed with autodiff from the carried (detached) states. Chunks
 * start at t = 0, as in sequence mode, so both executions form the same gradient; memory is
 * O(truncation), never O(T).
 *
 * With `sg` this is `dni` (dni-sequence.ts): a chunk that does not end the sequence receives
 * (s/B)·ĝ(h_end) at its last states, and the gradient arriving at the chunk's start states (the
 * previous chunk's end, h_b) is the synthesiser's regression target at h_b.
 */
import { tf, tidyTree } from '@olrd/tensor';
import {
  cellOf,
  cellStep,
  stopGradient,
  synthesise,
  stepLoss,
  stepModel,
  type DropoutMasks,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import type { StepTarget, StreamingRule } from './streaming-rule.js';
import { regressionGradients } from '../bp-lambda/sg-regression.js';

interface Carry {
  states: tf.Tensor[];
  featureSum: tf.Tensor;
  counts: tf.Tensor;
}

export interface TbpttStreamState {
  /** The states and pooling sums where the pending chunk starts. */
  start: Carry;
  /** The states and pooling sums after the last step consumed. */
  live: Carry;
  pending: { x: tf.Tensor2D; target: StepTarget | null }[];
  grads: Params;
  loss: tf.Scalar;
  /** False until the first chunk is flushed: the first start states are no boundary. */
  afterBoundary: boolean;
}

/** `dni`'s synthetic gradients at the chunk boundaries. */
export interface BoundarySynthesisers {
  /** s ≥ 0: the weight of ĝ injected at a chunk's end. */
  sgWeight: number;
}

type Pending = TbpttStreamState['pending'][number];

function clonePending({ x, target }: Pending): Pending {
  return {
    x: tf.clone(x),
    target: target === null ? null : { y: tf.clone(target.y), weight: tf.clone(target.weight) },
  };
}

function disposePending({ x, target }: Pending): void {
  tf.dispose([x, ...(target === null ? [] : [target.y, target.weight])]);
}

function disposeCarry(carry: Carry): void {
  tf.dispose([...carry.states, carry.featureSum, carry.counts]);
}

function cloneCarry(carry: Carry): Carry {
  return {
    states: carry.states.map((s) => tf.clone(s)),
    featureSum: tf.clone(carry.featureSum),
    counts: tf.clone(carry.counts),
  };
}

/**
 * Replays the pending chunk with autodiff and adds its gradient; returns the new state. `ends`:
 * the chunk ends the sequences (no synthetic gradient beyond it).
 */
function flush(
  state: TbpttStreamState,
  params: Params,
  config: ModelConfig,
  dropoutMasks: DropoutMasks,
  sg: BoundarySynthesisers | undefined,
  ends: boolean,
): TbpttStreamState {
  if (state.pending.length === 0) return state;
  const cell = cellOf(config.layerCls);
  const names = Object.keys(params);
  const layers = state.start.states.length;
  const next = tidyTree(() => {
    const chunkLoss = (...inputs: tf.Tensor[]): tf.Scalar => {
      const weights = inputs.slice(0, names.length);
      const current: Params = {};
      names.forEach((n, i) => (current[n] = weights[i] as tf.Tensor));
      // With synthesisers the start states are inputs too: their gradient is ∂L/∂h_b.
      let states = sg === undefined ? state.start.states : inputs.slice(names.length);
      let featureSum = state.start.featureSum;
      let counts = state.start.counts;
      let total: tf.Tensor = tf.mul(tf.addN(weights.map((w) => tf.sum(w))), 0);
      for (const { x, target } of state.pending) {
        const previous = states;
        const result = stepModel(
          current,
          config,
          x,
          (layer, rec, u) => cellStep(cell, rec, previous[layer] as tf.Tensor, u, config),
          dropoutMasks,
          { featureSum, counts },
        );
        states = result.states;
        featureSum = tf.add(featureSum, result.top);
        counts = tf.add(counts, 1);
        if (target !== null)
          total = tf.add(total, stepLoss(result.logProbs, target.y, target.weight, config));
      }
      if (sg !== undefined && !ends) {
        // Σ (s/B)·ĝ(h_end)·(h_end − stop(h_end)): value 0, gradient (s/B)·ĝ at the last states.
        const batch = (states[0] as tf.Tensor).shape[0] as number;
        for (let layer = 0; layer < layers; layer++) {
          const end = states[layer] as tf.Tensor;
          const signal = tf.mul(synthesise(params, layer, stopGradient(end)), sg.sgWeight / batch);
          total = tf.add(total, tf.sum(tf.mul(signal, tf.sub(end, stopGradient(end)))));
        }
      }
      return total as tf.Scalar;
    };
    const inputs = [
      ...names.map((n) => params[n] as tf.Tensor),
      ...(sg === undefined ? [] : state.start.states),
    ];
    const { value, grads } = tf.valueAndGrads(chunkLoss)(inputs);
    const accumulated: Params = {};
    names.forEach(
      (n, i) => (accumulated[n] = tf.add(state.grads[n] as tf.Tensor, grads[i] as tf.Tensor)),
    );
    if (sg !== undefined && state.afterBoundary) {
      for (let layer = 0; layer < layers; layer++) {
        const boundary = state.start.states[layer] as tf.Tensor2D;
        const batch = boundary.shape[0];
        // ĝ(h_b) − B·∂L/∂h_b: descent on ½‖target − ĝ‖², batch mean (as dni-sequence.ts).
        const error = tf.sub(
          synthesise(params, layer, boundary),
          tf.mul(grads[names.length + layer] as tf.Tensor, batch),
        ) as tf.Tensor2D;
        const regression = regressionGradients(boundary, error, batch);
        for (const part of ['kernel', 'bias'] as const) {
          const name = `layers.${layer}.synth.${part}`;
          const grad = regression[part];
          accumulated[name] = tf.add(accumulated[name] as tf.Tensor, grad);
        }
      }
    }
    return { grads: accumulated, loss: tf.add(state.loss, value) as tf.Scalar };
  });
  state.pending.forEach(disposePending);
  disposeCarry(state.start);
  tf.dispose([...Object.values(state.grads), state.loss]);
  return {
    start: cloneCarry(state.live),
    live: state.live,
    pending: [],
    afterBoundary: true,
    ...next,
  };
}

function copyState(state: TbpttStreamState, live: Carry, pending: Pending[]): TbpttStreamState {
  return {
    start: cloneCarry(state.start),
    live,
    pending: pending.map(clonePending),
    grads: Object.fromEntries(Object.entries(state.grads).map(([n, g]) => [n, tf.clone(g)])),
    loss: tf.clone(state.loss),
    afterBoundary: state.afterBoundary,
  };
}

/**
 * The streaming engine of `tbptt` with chunks of `truncation` steps, or of `dni` with `sg`. On an
 * endless stream (no `last` flag) every chunk gets its synthetic gradient.
 */
export function tbpttStreamingRule(
  truncation: number,
  sg?: BoundarySynthesisers,
): StreamingRule<TbpttStreamState> {
  return {
    init(params, config, batchSize) {
      const size = cellOf(config.layerCls).components * config.dHidden;
      const carry = (): Carry => ({
        states: Array.from({ length: config.nLayers }, () => tf.zeros([batchSize, size])),
        featureSum: tf.zeros([batchSize, config.dModel]),
        counts: tf.zeros([batchSize, 1]),
      });
      return {
        start: carry(),
        live: carry(),
        pending: [],
        grads: Object.fromEntries(Object.entries(params).map(([n, p]) => [n, tf.zerosLike(p)])),
        loss: tf.scalar(0),
        afterBoundary: false,
      };
    },

    step(state, params, config, x, target, dropoutMasks, last) {
      const cell = cellOf(config.layerCls);
      // The forward step gives this step's prediction now; its gradient waits for the chunk.
      const { live, logProbs } = tidyTree(() => {
        const result = stepModel(
          params,
          config,
          x,
          (layer, rec, u) => cellStep(cell, rec, state.live.states[layer] as tf.Tensor, u, config),
          dropoutMasks,
          { featureSum: state.live.featureSum, counts: state.live.counts },
        );
        return {
          live: {
            states: result.states,
            featureSum: tf.add(state.live.featureSum, result.top),
            counts: tf.add(state.live.counts, 1),
          },
          logProbs: result.logProbs,
        };
      });
      // The caller disposes the old state, so the new one owns copies of everything it keeps.
      const advanced = copyState(state, live, [...state.pending, { x, target }]);
      const result =
        advanced.pending.length >= truncation
          ? flush(advanced, params, config, dropoutMasks, sg, last === true)
          : advanced;
      return { state: result, logProbs: logProbs as tf.Tensor3D };
    },

    finish(state, params, config, dropoutMasks) {
      const copy = copyState(state, cloneCarry(state.live), state.pending);
      return flush(copy, params, config, dropoutMasks, sg, true);
    },

    gradients(state, params) {
      const out: Params = {};
      for (const name of Object.keys(params)) out[name] = tf.clone(state.grads[name] as tf.Tensor);
      return out;
    },

    loss(state) {
      return tf.clone(state.loss);
    },

    dispose(state) {
      disposeCarry(state.start);
      disposeCarry(state.live);
      state.pending.forEach(disposePending);
      tf.dispose([...Object.values(state.grads), state.loss]);
    },
  };
}
