/**
 * BP(λ) in streaming execution: accumulate BP(λ) step by step with eligibility traces (spec 2
 * §3.1, Alg. 1), memory flat in T, on every cell through its dense Jacobian.
 *
 * Each step runs the stack once with every carry s_{t−1} a constant (stepModel) and adds the
 * pseudo-loss (s/B)·Σ_l ⟨ĝ^l_t, s^l_t⟩ (ĝ held constant) to the step's loss, so one autodiff pass
 * gives every parameter its one-step gradient under the learning signal ℓ_t + s·ĝ_t, the
 * synthetic gradients of the layers above included. A zero perturbation on each new state reads
 * the error arriving there; minus the layer's own (s/B)·ĝ it is ℓ^l_t. Then, per layer and
 * example (B·ℓ: one example's gradient, as the synthesiser predicts):
 *
 *   δ_t = (ℓ_t + γ·ĝ_t)·J_t − ĝ_{t−1}                 (ĝ_{T−1} := 0 on the last step)
 *   E   ← γλ·J_{t−1}·E + ∂g(s_{t−1})/∂θ                (the previous Jacobian: spec 2 §3.3)
 *   ∇θ  −= (1/B)·δ_t·E                                  (descent; the target is a constant)
 *
 * E^K is [B, S, S·S] (prediction p, then K's [in, out] index), E^b [B, S, S]: O(S³) memory and
 * O(S⁴) work per example and step (spec 2 §5), fine for the small models BP(λ) is studied on.
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

/** Per layer, what the trace recursion carries between steps. */
interface LayerTrace {
  /** s_{t−1} [B, S] */
  state: tf.Tensor;
  /** J_{t−1} [B, S, S] (zero before the first step). */
  jacobian: tf.Tensor;
  /** ĝ_{t−1} [B, S] */
  prediction: tf.Tensor;
  /** E^K [B, S, S·S], E^b [B, S, S]. */
  traceKernel: tf.Tensor;
  traceBias: tf.Tensor;
  /** Accumulated gradients of the synthesiser. */
  gradKernel: tf.Tensor;
  gradBias: tf.Tensor;
}

export interface BpLambdaStreamState {
  layers: LayerTrace[];
  featureSum: tf.Tensor;
  counts: tf.Tensor;
  /** Accumulated gradients of the model's own parameters. */
  grads: Params;
  loss: tf.Scalar;
  /** Steps consumed. */
  step: number;
}

/** The streaming engine of `bp_lambda` with resolved options. */
export function bpLambdaStreamingRule(
  options: Required<SyntheticGradientOptions>,
): StreamingRule<BpLambdaStreamState> {
  const { gamma, lambda, sgWeight } = options;
  return {
    init(params, config, batchSize) {
      const size = cellOf(config.layerCls).components * config.dHidden;
      return {
        layers: Array.from({ length: config.nLayers }, () => ({
          state: tf.zeros([batchSize, size]),
          jacobian: tf.zeros([batchSize, size, size]),
          prediction: tf.zeros([batchSize, size]),
          traceKernel: tf.zeros([batchSize, size, size * size]),
          traceBias: tf.zeros([batchSize, size, size]),
          gradKernel: tf.zeros([size, size]),
          gradBias: tf.zeros([size]),
        })),
        featureSum: tf.zeros([batchSize, config.dModel]),
        counts: tf.zeros([batchSize, 1]),
        grads: Object.fromEntries(
          Object.entries(params)
            .filter(([name]) => !isSynthesiserParam(name))
            .map(([name, p]) => [name, tf.zerosLike(p)]),
        ),
        loss: tf.scalar(0),
        step: 0,
      };
    },

    step(state, params, config, x, target, dropoutMasks, last = false) {
      const cell = cellOf(config.layerCls);
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
              const prev = (state.layers[layer] as LayerTrace).state;
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
          const size = old.state.shape[1] as number;
          const g = predictions[layer] as tf.Tensor;
          // One example's immediate gradient ℓ_t (the loss is a batch mean).
          const arriving = grads[names.length + layer] as tf.Tensor;
          const immediate = tf.mul(tf.sub(arriving, tf.mul(g, sgWeight / batch)), batch);
          const rec = scope(params, `layers.${layer}.rec.`);
          const jacobian = cell.jacobian(rec, old.state, seen.inputs[layer] as tf.Tensor, config);
          let { traceKernel, traceBias, gradKernel, gradBias } = old;
          if (state.step >= 1) {
            const back = tf.matMul(tf.expandDims(tf.add(immediate, tf.mul(g, gamma)), 1), jacobian); // [B, 1, S]
            const delta = tf.sub(back, tf.expandDims(old.prediction, 1));
            const identity = tf.eye(size);
            const kernelIncrement = tf.reshape(
              tf.mul(
                tf.reshape(old.state, [batch, 1, size, 1]),
                tf.reshape(identity, [1, size, 1, size]),
              ),
              [batch, size, size * size],
            );
            traceKernel = tf.add(
              tf.mul(tf.matMul(old.jacobian, old.traceKernel), gamma * lambda),
              kernelIncrement,
            );
            traceBias = tf.add(
              tf.mul(tf.matMul(old.jacobian, old.traceBias), gamma * lambda),
              identity,
            );
            const stepKernel = tf.reshape(tf.sum(tf.matMul(delta, traceKernel), [0, 1]), [
              size,
              size,
            ]);
            const stepBias = tf.sum(tf.matMul(delta, traceBias), [0, 1]);
            gradKernel = tf.sub(gradKernel, tf.mul(stepKernel, 1 / batch));
            gradBias = tf.sub(gradBias, tf.mul(stepBias, 1 / batch));
          } else {
            traceKernel = tf.clone(traceKernel);
            traceBias = tf.clone(traceBias);
            gradKernel = tf.clone(gradKernel);
            gradBias = tf.clone(gradBias);
          }
          return {
            state: tf.clone(seen.states[layer] as tf.Tensor),
            jacobian,
            prediction: tf.clone(g),
            traceKernel,
            traceBias,
            gradKernel,
            gradBias,
          };
        });
        return {
          layers,
          featureSum: tf.add(state.featureSum, seen.top),
          counts: tf.add(state.counts, 1),
          grads: accumulated,
          loss: tf.add(state.loss, seen.taskLoss) as tf.Scalar,
          step: state.step + 1,
        };
      });
      tf.dispose(predictions);
      if (captured !== undefined)
        tf.dispose([...captured.states, ...captured.inputs, captured.top, captured.taskLoss]);
      return { state: next, logProbs: logProbsOut as unknown as tf.Tensor3D };
    },

    gradients(state, params) {
      const out: Params = {};
      for (const name of Object.keys(params)) {
        const synth = /^layers\.(\d+)\.synth\.(kernel|bias)$/.exec(name);
        if (synth === null) {
          out[name] = tf.clone(state.grads[name] as tf.Tensor);
          continue;
        }
        const layer = state.layers[Number(synth[1])] as LayerTrace;
        out[name] = tf.clone(synth[2] === 'kernel' ? layer.gradKernel : layer.gradBias);
      }
      return out;
    },

    loss(state) {
      return tf.clone(state.loss);
    },

    dispose(state) {
      tf.dispose([
        ...state.layers.flatMap((l) => [
          l.state,
          l.jacobian,
          l.prediction,
          l.traceKernel,
          l.traceBias,
          l.gradKernel,
          l.gradBias,
        ]),
        state.featureSum,
        state.counts,
        state.loss,
        ...Object.values(state.grads),
      ]);
    },
  };
}
