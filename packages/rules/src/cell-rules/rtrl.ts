/**
 * Exact real-time recurrent learning for the whole stack (any cell, any depth): the ground truth
 * every approximation is measured against.
 *
 * With s_t the concatenated states of every layer and θ every parameter that can reach a state,
 * one step is s_t = F(s_{t−1}, x_t; θ) and the step's loss is ℓ_t = L(s_t, x_t; θ). RTRL carries
 * the sensitivity M_t = ∂s_t/∂θ per sequence, M_t = ∂F/∂s·M_{t−1} + ∂F/∂θ, and accumulates
 * dℓ_t/dθ = ∂L/∂s_t·M_t + ∂L/∂θ. That equals BPTT exactly, for every layer.
 *
 * Cost: M is S×P per batch element (S state entries, P parameters) and each step forms the
 * Jacobians of F with S backward passes per element. `init` refuses a model whose sensitivities
 * exceed `maxSensitivityBytes`, naming the sizes.
 */
import { tf, tidyTree } from '@olrd/tensor';
import { cellOf, cellStep, stepLoss, stepModel, type ModelConfig, type Params } from '@olrd/core';
import type { StreamingRule } from './streaming-rule.js';

/** Default bound on RTRL's sensitivity matrices (all batch elements together). */
export const DEFAULT_MAX_SENSITIVITY_BYTES = 256 * 2 ** 20;

export interface RtrlStreamState {
  states: tf.Tensor[];
  featureSum: tf.Tensor;
  counts: tf.Tensor;
  /** Per batch element, M = ∂s_t/∂θ [S, P]. */
  sensitivity: tf.Tensor2D[];
  grads: Params;
  loss: tf.Scalar;
}

/**
 * The parameters that can reach a state: everything but the decoder and the top layer's
 * post-recurrence block and readout (which act after the last state).
 */
export function stateParamNames(params: Params, config: ModelConfig): string[] {
  const top = `layers.${config.nLayers - 1}.`;
  const recurrent = new Set(cellOf(config.layerCls).recurrentParams.map((n) => `${top}rec.${n}`));
  return Object.keys(params).filter((name) => {
    if (name.startsWith('decoder.')) return false;
    if (name.startsWith(top)) return name.startsWith(`${top}norm.`) || recurrent.has(name);
    return true;
  });
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A zero that depends on every tensor, so tf.grads never meets an input outside the graph. */
function touch(tensors: tf.Tensor[]): tf.Tensor {
  return tf.mul(tf.addN(tensors.map((t) => tf.sum(t))), 0);
}

/** The streaming engine of `rtrl`. */
export function rtrlStreamingRule(
  maxSensitivityBytes = DEFAULT_MAX_SENSITIVITY_BYTES,
): StreamingRule<RtrlStreamState> {
  return {
    init(params, config, batchSize) {
      const size = cellOf(config.layerCls).components * config.dHidden;
      const stateSize = size * config.nLayers;
      const paramCount = stateParamNames(params, config).reduce(
        (sum, name) => sum + sizeOf((params[name] as tf.Tensor).shape),
        0,
      );
      const bytes = 4 * batchSize * stateSize * paramCount;
      if (bytes > maxSensitivityBytes) {
        const mib = (b: number): string => (b / 2 ** 20).toFixed(1);
        throw new RangeError(
          `rtrl would keep ${mib(bytes)} MiB of sensitivities (batch ${batchSize} × ${stateSize} state entries × ${paramCount} parameters × 4 bytes), over the ${mib(maxSensitivityBytes)} MiB bound: use a smaller model or batch, raise the bound (maxSensitivityBytes), or use snap1 / online_full`,
        );
      }
      return {
        states: Array.from({ length: config.nLayers }, () => tf.zeros([batchSize, size])),
        featureSum: tf.zeros([batchSize, config.dModel]),
        counts: tf.zeros([batchSize, 1]),
        sensitivity: Array.from(
          { length: batchSize },
          () => tf.zeros([stateSize, paramCount]) as tf.Tensor2D,
        ),
        grads: Object.fromEntries(Object.entries(params).map(([n, p]) => [n, tf.zerosLike(p)])),
        loss: tf.scalar(0),
      };
    },

    step(state, params, config, x, target, dropoutMasks) {
      const cell = cellOf(config.layerCls);
      const names = Object.keys(params);
      const theta = stateParamNames(params, config);
      const batch = x.shape[0];
      const pooling = { featureSum: state.featureSum, counts: state.counts };
      const next = tidyTree(() => {
        // The exact step, for the new states and the prediction.
        const exact = stepModel(
          params,
          config,
          x,
          (layer, rec, u) => cellStep(cell, rec, state.states[layer] as tf.Tensor, u, config),
          dropoutMasks,
          pooling,
        );
        // ∂L/∂s_t (per element) and ∂L/∂θ with s_t held fixed (summed over the batch).
        let direct: tf.Tensor[] = names.map((n) => tf.zerosLike(params[n] as tf.Tensor));
        let stateError: tf.Tensor[] = exact.states.map((s) => tf.zerosLike(s));
        let lossValue: tf.Tensor = tf.scalar(0);
        if (target !== null) {
          const lossOf = (...inputs: tf.Tensor[]): tf.Scalar => {
            const current: Params = {};
            names.forEach((n, i) => (current[n] = inputs[i] as tf.Tensor));
            const given = stepModel(
              current,
              config,
              x,
              (layer) => inputs[names.length + layer] as tf.Tensor,
              dropoutMasks,
              pooling,
            );
            return tf.add(
              stepLoss(given.logProbs, target.y, target.weight, config),
              touch(inputs),
            ) as tf.Scalar;
          };
          const { value, grads } = tf.valueAndGrads(lossOf)([
            ...names.map((n) => params[n] as tf.Tensor),
            ...exact.states,
          ]);
          lossValue = value;
          direct = grads.slice(0, names.length);
          stateError = grads.slice(names.length);
        }
        // Per element: the Jacobians of F, the sensitivity update and its contraction with ∂L/∂s_t.
        const sensitivity: tf.Tensor2D[] = [];
        const fromTraces: tf.Tensor[] = [];
        const error = tf.concat(stateError, 1); // [B, S]
        for (let b = 0; b < batch; b++) {
          const xb = tf.slice(x, [b, 0], [1, -1]) as tf.Tensor2D;
          const prevB = state.states.map((s) => tf.slice(s, [b, 0], [1, -1]));
          const masksB = dropoutMasks.map((sites) =>
            sites.map((m) => tf.slice(m, [b, 0], [1, -1]) as tf.Tensor2D),
          );
          const poolingB = {
            featureSum: tf.slice(state.featureSum, [b, 0], [1, -1]),
            counts: tf.slice(state.counts, [b, 0], [1, -1]),
          };
          const transitionOf = (...inputs: tf.Tensor[]): tf.Tensor => {
            const current: Params = { ...params };
            theta.forEach((n, i) => (current[n] = inputs[i] as tf.Tensor));
            const prev = inputs.slice(theta.length);
            const result = stepModel(
              current,
              config,
              xb,
              (layer, rec, u) => cellStep(cell, rec, prev[layer] as tf.Tensor, u, config),
              masksB,
              poolingB,
            );
            return tf.add(tf.concat(result.states, 1), touch(inputs)); // [1, S]
          };
          const stateSize = error.shape[1] as number;
          const rowsTheta: tf.Tensor[] = [];
          const rowsState: tf.Tensor[] = [];
          for (let j = 0; j < stateSize; j++) {
            const grads = tf.grads((...inputs: tf.Tensor[]) =>
              tf.sum(tf.slice(transitionOf(...inputs), [0, j], [1, 1])),
            )([...theta.map((n) => params[n] as tf.Tensor), ...prevB]);
            rowsTheta.push(tf.concat(grads.slice(0, theta.length).map((g) => tf.reshape(g, [-1]))));
            rowsState.push(tf.concat(grads.slice(theta.length).map((g) => tf.reshape(g, [-1]))));
          }
          const jacobianState = tf.stack(rowsState) as tf.Tensor2D; // [S, S]
          const jacobianTheta = tf.stack(rowsTheta) as tf.Tensor2D; // [S, P]
          const m = tf.add(
            tf.matMul(jacobianState, state.sensitivity[b] as tf.Tensor2D),
            jacobianTheta,
          ) as tf.Tensor2D;
          sensitivity.push(m);
          fromTraces.push(tf.matMul(tf.slice(error, [b, 0], [1, -1]) as tf.Tensor2D, m));
        }
        // Unflatten Σ_b ∂L/∂s_t·M_t onto the parameters and add the direct part.
        const flat = tf.reshape(tf.addN(fromTraces), [-1]);
        const traced: Record<string, tf.Tensor> = {};
        let offset = 0;
        for (const name of theta) {
          const shape = (params[name] as tf.Tensor).shape;
          traced[name] = tf.reshape(tf.slice(flat, [offset], [sizeOf(shape)]), shape);
          offset += sizeOf(shape);
        }
        const grads: Params = {};
        names.forEach((n, i) => {
          const step =
            traced[n] === undefined
              ? (direct[i] as tf.Tensor)
              : tf.add(direct[i] as tf.Tensor, traced[n]);
          grads[n] = tf.add(state.grads[n] as tf.Tensor, step);
        });
        return {
          states: exact.states,
          featureSum: tf.add(state.featureSum, exact.top),
          counts: tf.add(state.counts, 1),
          sensitivity,
          grads,
          loss: tf.add(state.loss, lossValue) as tf.Scalar,
          logProbs: exact.logProbs,
        };
      });
      const { logProbs, ...rest } = next;
      return { state: rest, logProbs };
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
      tf.dispose([
        ...state.states,
        ...state.sensitivity,
        state.featureSum,
        state.counts,
        state.loss,
        ...Object.values(state.grads),
      ]);
    },
  };
}
