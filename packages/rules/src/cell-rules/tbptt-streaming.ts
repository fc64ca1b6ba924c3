/**
 * Truncated BPTT in streaming execution: steps are buffered until `truncation` of them have
 * arrived, then the chunk is replayed with autodiff from the carried (detached) states. Chunks
 * start at t = 0, as in sequence mode, so both executions form the same gradient; memory is
 * O(truncation), never O(T).
 */
import { tf, tidyTree } from '@olrd/tensor';
import {
  cellOf,
  cellStep,
  stepLoss,
  stepModel,
  type DropoutMasks,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import type { StepTarget, StreamingRule } from './streaming-rule.js';

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

/** Replays the pending chunk with autodiff and adds its gradient; returns the new state. */
function flush(
  state: TbpttStreamState,
  params: Params,
  config: ModelConfig,
  dropoutMasks: DropoutMasks,
): TbpttStreamState {
  if (state.pending.length === 0) return state;
  const cell = cellOf(config.layerCls);
  const names = Object.keys(params);
  const next = tidyTree(() => {
    const chunkLoss = (...weights: tf.Tensor[]): tf.Scalar => {
      const current: Params = {};
      names.forEach((n, i) => (current[n] = weights[i] as tf.Tensor));
      let states = state.start.states;
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
      return total as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(chunkLoss)(names.map((n) => params[n] as tf.Tensor));
    const accumulated: Params = {};
    names.forEach(
      (n, i) => (accumulated[n] = tf.add(state.grads[n] as tf.Tensor, grads[i] as tf.Tensor)),
    );
    return { grads: accumulated, loss: tf.add(state.loss, value) as tf.Scalar };
  });
  state.pending.forEach(disposePending);
  disposeCarry(state.start);
  tf.dispose([...Object.values(state.grads), state.loss]);
  return { start: cloneCarry(state.live), live: state.live, pending: [], ...next };
}

/** The streaming engine of `tbptt` with chunks of `truncation` steps. */
export function tbpttStreamingRule(truncation: number): StreamingRule<TbpttStreamState> {
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
      };
    },

    step(state, params, config, x, target, dropoutMasks) {
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
      const advanced: TbpttStreamState = {
        start: cloneCarry(state.start),
        live,
        pending: [...state.pending, { x, target }].map(clonePending),
        grads: Object.fromEntries(Object.entries(state.grads).map(([n, g]) => [n, tf.clone(g)])),
        loss: tf.clone(state.loss),
      };
      const result =
        advanced.pending.length >= truncation
          ? flush(advanced, params, config, dropoutMasks)
          : advanced;
      return { state: result, logProbs: logProbs as tf.Tensor3D };
    },

    finish(state, params, config, dropoutMasks) {
      const copy: TbpttStreamState = {
        start: cloneCarry(state.start),
        live: cloneCarry(state.live),
        pending: state.pending.map(clonePending),
        grads: Object.fromEntries(Object.entries(state.grads).map(([n, g]) => [n, tf.clone(g)])),
        loss: tf.clone(state.loss),
      };
      return flush(copy, params, config, dropoutMasks);
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
