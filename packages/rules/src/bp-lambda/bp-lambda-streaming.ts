/**
 * BP(λ) in streaming execution: accumulate BP(λ) step by step with eligibility traces (spec 2
 * §3.1, Alg. 1), memory flat in T, on every cell.
 *
 * Each step runs the stack once with every carry s_{t−1} a constant (stepModel) and adds the
 * pseudo-loss (s/B)·Σ_l ⟨ĝ^l_t, s^l_t⟩ (ĝ held constant) to the step's loss, so one autodiff pass
 * gives every parameter its one-step gradient under the learning signal ℓ_t + s·ĝ_t, the
 * synthetic gradients of the layers above included. A zero perturbation on each new state reads
 * the error arriving there; minus the layer's own (s/B)·ĝ it is ℓ^l_t. Then, per layer and
 * example, the synthesiser's trace step (synthesiser-layer.ts).
 *
 * The traces are per unit on block-diagonal cells (the LRU: O(S²) memory and work per example and
 * step, spec 2 §7) and dense elsewhere (O(S³) memory, O(S⁴) work, spec 2 §5: fine for the small
 * models BP(λ) is studied on); synthesiser-traces.ts has both.
 */
import { tf, tidyTree } from '@olrd/tensor';
import {
  cellOf,
  isSynthesiserParam,
  scope,
  stepLoss,
  stepModel,
  stopGradient,
  synthesise,
  type Params,
} from '@olrd/core';
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import type { SyntheticGradientOptions } from './sg-options.js';
import {
  initSynthesiserLayer,
  stepSynthesiserLayer,
  synthesiserGradientOf,
  synthesiserLayerTensors,
  type SynthesiserLayer,
} from './synthesiser-layer.js';
import { tracesFor } from './synthesiser-traces.js';

export interface BpLambdaStreamState {
  layers: SynthesiserLayer[];
  featureSum: tf.Tensor;
  counts: tf.Tensor;
  /** Accumulated gradients of the model's own parameters. */
  grads: Params;
  loss: tf.Scalar;
}

/** The streaming engine of `bp_lambda` with resolved options. */
export function bpLambdaStreamingRule(
  options: Required<SyntheticGradientOptions>,
): StreamingRule<BpLambdaStreamState> {
  const { gamma, lambda, sgWeight } = options;
  return {
    init(params, config, batchSize) {
      const cell = cellOf(config.layerCls);
      const size = cell.components * config.dHidden;
      const traces = tracesFor(cell, options.traces);
      return {
        layers: Array.from({ length: config.nLayers }, () =>
          initSynthesiserLayer(traces, batchSize, size),
        ),
        featureSum: tf.zeros([batchSize, config.dModel]),
        counts: tf.zeros([batchSize, 1]),
        grads: Object.fromEntries(
          Object.entries(params)
            .filter(([name]) => !isSynthesiserParam(name))
            .map(([name, p]) => [name, tf.zerosLike(p)]),
        ),
        loss: tf.scalar(0),
      };
    },

    step(state, params, config, x, target, dropoutMasks, last = false) {
      const cell = cellOf(config.layerCls);
      const traces = tracesFor(cell, options.traces);
      const names = Object.keys(state.grads);
      const batch = x.shape[0];
      let logProbsOut: tf.Tensor3D | undefined;
      let captured:
        | { states: tf.Tensor[]; inputs: tf.Tensor[]; top: tf.Tensor; taskLoss: tf.Tensor }
        | undefined;
      // Kept inside valueAndGrads (which disposes what it does not return); disposed below.
      const predictions: tf.Tensor[] = [];
      const next = tidyTree(() => {
        const perturbations = state.layers.map((l) => tf.zerosLike(l.state));
        const lossOf = (...inputs: tf.Tensor[]): tf.Scalar => {
          const current: Params = { ...params };
          names.forEach((n, i) => (current[n] = inputs[i] as tf.Tensor));
          const result = stepModel(
            current,
            config,
            x,
            (layer, rec, u) => {
              const prev = (state.layers[layer] as SynthesiserLayer).state;
              const next = cell.update(
                rec,
                prev,
                cell.recurrentTerms(rec, prev, config),
                u,
                config,
              );
              return tf.add(next, inputs[names.length + layer] as tf.Tensor);
            },
            dropoutMasks,
            { featureSum: state.featureSum, counts: state.counts },
          );
          let pseudo: tf.Tensor = tf.scalar(0);
          result.states.forEach((s, layer) => {
            const g = last
              ? tf.zerosLike(s)
              : stopGradient(synthesise(params, layer, stopGradient(s)));
            predictions[layer] = tf.keep(g);
            pseudo = tf.add(pseudo, tf.sum(tf.mul(g, s)));
          });
          const taskLoss =
            target === null
              ? tf.mul(tf.sum(result.logProbs), 0)
              : stepLoss(result.logProbs, target.y, target.weight, config);
          captured = {
            states: result.states.map((t) => tf.keep(t)),
            inputs: result.inputs.map((t) => tf.keep(t)),
            top: tf.keep(result.top),
            taskLoss: tf.keep(taskLoss),
          };
          logProbsOut = tf.keep(result.logProbs);
          return tf.add(taskLoss, tf.mul(pseudo, sgWeight / batch)) as tf.Scalar;
        };
        const all = [...names.map((n) => params[n] as tf.Tensor), ...perturbations];
        const { grads } = tf.valueAndGrads(lossOf)(all);
        const seen = captured as NonNullable<typeof captured>;
        const accumulated: Params = {};
        names.forEach(
          (n, i) => (accumulated[n] = tf.add(state.grads[n] as tf.Tensor, grads[i] as tf.Tensor)),
        );
        const layers = state.layers.map((old, layer) => {
          const g = predictions[layer] as tf.Tensor2D;
          // One example's immediate gradient ℓ_t (the loss is a batch mean).
          const arriving = grads[names.length + layer] as tf.Tensor;
          const immediate = tf.mul(tf.sub(arriving, tf.mul(g, sgWeight / batch)), batch);
          const rec = scope(params, `layers.${layer}.rec.`);
          const jacobian = traces.jacobian(rec, old.state, seen.inputs[layer] as tf.Tensor, config);
          return stepSynthesiserLayer(
            old,
            traces,
            { state: seen.states[layer] as tf.Tensor, prediction: g, immediate, jacobian },
            tf.cast(tf.greater(state.counts, 0), 'float32'),
            gamma,
            lambda,
          );
        });
        return {
          layers,
          featureSum: tf.add(state.featureSum, seen.top),
          counts: tf.add(state.counts, 1),
          grads: accumulated,
          loss: tf.add(state.loss, seen.taskLoss) as tf.Scalar,
        };
      });
      tf.dispose(predictions);
      if (captured !== undefined)
        tf.dispose([...captured.states, ...captured.inputs, captured.top, captured.taskLoss]);
      return { state: next, logProbs: logProbsOut as unknown as tf.Tensor3D };
    },

    gradients(state, params) {
      const out: Params = {};
      for (const name of Object.keys(params))
        out[name] =
          synthesiserGradientOf(name, state.layers) ?? tf.clone(state.grads[name] as tf.Tensor);
      return out;
    },

    loss(state) {
      return tf.clone(state.loss);
    },

    dispose(state) {
      tf.dispose([
        ...state.layers.flatMap(synthesiserLayerTensors),
        state.featureSum,
        state.counts,
        state.loss,
        ...Object.values(state.grads),
      ]);
    },
  };
}
