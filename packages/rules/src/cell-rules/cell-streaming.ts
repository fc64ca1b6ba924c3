/**
 * Streaming execution of `online_1truncated`, `online_spatial` and `snap1` for any cell.
 *
 * Each step runs the stack once with every carry s_{t−1} a constant (stepModel), so autodiff of
 * the step's loss gives the spatial gradient of every parameter and, through a zero perturbation
 * on each new state, the instantaneous error δ_t of every layer. For the two truncated rules that
 * autodiff already is the rule. SnAp-1 replaces the recurrent parameters' share by its traces,
 * per batch element b and state component c:
 *
 *   e_t[c′] = Σ_c D_t[c′, c] ⊙ e_{t−1}[c] + ∂s_t[c′·N + unit]/∂θ |_{s_{t−1}},   grad += Σ_c δ_t[c] ⊙ e_t[c],
 *
 * where D_t are the diagonal Jacobian blocks and every product is taken on the unit each parameter
 * element feeds (Cell.spreadUnits). The immediate sensitivities are per example, so they cost one
 * backward pass of the cell per batch element and component: fine for the small models SnAp-1 is
 * studied on; the LRU has its own O(1)-pass engine (online_full = SnAp-1 there).
 */
import { tf, tidyTree } from '@olrd/tensor';
import {
  cellOf,
  scope,
  stepLoss,
  stepModel,
  stopGradient,
  type Cell,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import type { StreamingRule } from './streaming-rule.js';

/** The rules this engine runs. */
export type CellStreamingRuleName = 'online_1truncated' | 'online_spatial' | 'snap1';

export interface CellStreamState {
  /** Each layer's s_{t−1} [B, k·N]. */
  states: tf.Tensor[];
  featureSum: tf.Tensor;
  counts: tf.Tensor;
  grads: Params;
  /** snap1: `layers.{l}.rec.{name}` → per component, the trace [B, ...shape]. */
  traces: Record<string, tf.Tensor[]>;
  loss: tf.Scalar;
}

function recurrentNames(config: ModelConfig): { layer: number; local: string; full: string }[] {
  const cell = cellOf(config.layerCls);
  const out: { layer: number; local: string; full: string }[] = [];
  for (let layer = 0; layer < config.nLayers; layer++)
    for (const local of cell.recurrentParams)
      out.push({ layer, local, full: `layers.${layer}.rec.${local}` });
  return out;
}

/** Per example b and component c, ∂(Σ_i s_t[b, c·N+i])/∂θ for the layer's recurrent θ: [B, ...]. */
function immediateSensitivities(
  cell: Cell,
  config: ModelConfig,
  rec: Params,
  prev: tf.Tensor,
  u: tf.Tensor,
): Record<string, tf.Tensor[]> {
  const names = [...cell.recurrentParams];
  const [batch, size] = prev.shape as [number, number];
  const units = size / cell.components;
  const perComponent: Record<string, tf.Tensor[][]> = Object.fromEntries(
    names.map((n) => [n, Array.from({ length: cell.components }, () => [] as tf.Tensor[])]),
  );
  for (let b = 0; b < batch; b++) {
    const prevB = tf.slice(prev, [b, 0], [1, -1]);
    const uB = tf.slice(u, [b, 0], [1, -1]);
    for (let c = 0; c < cell.components; c++) {
      const grads = tf.grads((...weights: tf.Tensor[]) => {
        const current: Params = { ...rec };
        names.forEach((n, i) => (current[n] = weights[i] as tf.Tensor));
        const next = cell.update(
          current,
          prevB,
          cell.recurrentTerms(current, prevB, config),
          uB,
          config,
        );
        return tf.sum(tf.slice(next, [0, c * units], [-1, units]));
      })(names.map((n) => rec[n] as tf.Tensor));
      names.forEach((n, i) => perComponent[n]?.[c]?.push(grads[i] as tf.Tensor));
    }
  }
  const out: Record<string, tf.Tensor[]> = {};
  for (const n of names) out[n] = (perComponent[n] as tf.Tensor[][]).map((list) => tf.stack(list));
  return out;
}

/** The streaming engine of `rule` (see the file header). */
export function cellStreamingRule(rule: CellStreamingRuleName): StreamingRule<CellStreamState> {
  return {
    init(params, config, batchSize) {
      const cell = cellOf(config.layerCls);
      const size = cell.components * config.dHidden;
      const traces: Record<string, tf.Tensor[]> = {};
      if (rule === 'snap1')
        for (const { full } of recurrentNames(config)) {
          const shape = (params[full] as tf.Tensor).shape;
          traces[full] = Array.from({ length: cell.components }, () =>
            tf.zeros([batchSize, ...shape]),
          );
        }
      return {
        states: Array.from({ length: config.nLayers }, () => tf.zeros([batchSize, size])),
        featureSum: tf.zeros([batchSize, config.dModel]),
        counts: tf.zeros([batchSize, 1]),
        grads: Object.fromEntries(Object.entries(params).map(([n, p]) => [n, tf.zerosLike(p)])),
        traces,
        loss: tf.scalar(0),
      };
    },

    step(state, params, config, x, target, dropoutMasks) {
      const cell = cellOf(config.layerCls);
      const names = Object.keys(params);
      let logProbsOut: tf.Tensor3D | undefined;
      // Tensors made inside valueAndGrads are disposed when it returns unless kept; these are
      // kept, used below, and disposed after the step.
      let captured: { states: tf.Tensor[]; inputs: tf.Tensor[]; top: tf.Tensor } | undefined;
      const next = tidyTree(() => {
        const perturbations = state.states.map((s) => tf.zerosLike(s));
        const lossOf = (...inputs: tf.Tensor[]): tf.Scalar => {
          const current: Params = {};
          names.forEach((n, i) => (current[n] = inputs[i] as tf.Tensor));
          const result = stepModel(
            current,
            config,
            x,
            (layer, rec, u) => {
              const prev = state.states[layer] as tf.Tensor;
              const terms = cell.recurrentTerms(rec, prev, config);
              const used = rule === 'online_spatial' ? terms.map((t) => stopGradient(t)) : terms;
              const perturbation = inputs[names.length + layer] as tf.Tensor;
              return tf.add(cell.update(rec, prev, used, u, config), perturbation);
            },
            dropoutMasks,
            { featureSum: state.featureSum, counts: state.counts },
          );
          captured = {
            states: result.states.map((t) => tf.keep(t)),
            inputs: result.inputs.map((t) => tf.keep(t)),
            top: tf.keep(result.top),
          };
          logProbsOut = tf.keep(result.logProbs);
          return target === null
            ? tf.mul(tf.sum(result.logProbs), 0)
            : stepLoss(result.logProbs, target.y, target.weight, config);
        };
        const all = [...names.map((n) => params[n] as tf.Tensor), ...perturbations];
        const { value, grads } = tf.valueAndGrads(lossOf)(all);
        const seen = captured as NonNullable<typeof captured>;
        const accumulated: Params = {};
        names.forEach(
          (n, i) => (accumulated[n] = tf.add(state.grads[n] as tf.Tensor, grads[i] as tf.Tensor)),
        );
        const traces: Record<string, tf.Tensor[]> = {};
        if (rule === 'snap1') {
          for (let layer = 0; layer < config.nLayers; layer++) {
            const rec = scope(params, `layers.${layer}.rec.`);
            const prev = state.states[layer] as tf.Tensor;
            const u = seen.inputs[layer] as tf.Tensor;
            const blocks = cell.jacobianBlocks(rec, prev, u, config); // [B, N, k, k]
            const delta = grads[names.length + layer] as tf.Tensor; // [B, k·N]
            const units = config.dHidden;
            const sensitivities = immediateSensitivities(cell, config, rec, prev, u);
            const sizes = { width: config.dModel, units };
            for (const local of cell.recurrentParams) {
              const full = `layers.${layer}.rec.${local}`;
              const old = state.traces[full] as tf.Tensor[];
              const fresh = sensitivities[local] as tf.Tensor[];
              const updated = fresh.map((imm, cOut) => {
                let value = imm;
                old.forEach((trace, cIn) => {
                  const d = tf.reshape(tf.slice(blocks, [0, 0, cOut, cIn], [-1, -1, 1, 1]), [
                    -1,
                    units,
                  ]);
                  value = tf.add(
                    value,
                    tf.mul(cell.spreadUnits(local, d as tf.Tensor2D, sizes), trace),
                  );
                });
                return value;
              });
              traces[full] = updated;
              // The autodiff share of a recurrent parameter is the one-step estimate: replace it.
              let grad = tf.sub(
                accumulated[full] as tf.Tensor,
                grads[names.indexOf(full)] as tf.Tensor,
              );
              updated.forEach((trace, c) => {
                const deltaC = tf.slice(delta, [0, c * units], [-1, units]) as tf.Tensor2D;
                grad = tf.add(
                  grad,
                  tf.sum(tf.mul(cell.spreadUnits(local, deltaC, sizes), trace), 0),
                );
              });
              accumulated[full] = grad;
            }
          }
        }
        return {
          states: seen.states.map((s) => tf.clone(s)),
          featureSum: tf.add(state.featureSum, seen.top),
          counts: tf.add(state.counts, 1),
          grads: accumulated,
          traces,
          loss: tf.add(state.loss, value) as tf.Scalar,
        };
      });
      if (captured !== undefined)
        tf.dispose([...captured.states, ...captured.inputs, captured.top]);
      return { state: next, logProbs: logProbsOut as unknown as tf.Tensor3D };
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
        state.featureSum,
        state.counts,
        state.loss,
        ...Object.values(state.grads),
        ...Object.values(state.traces).flat(),
      ]);
    },
  };
}
