/**
 * One layer's share of streaming BP(λ) (spec 2 §3.1, Alg. 1): what the synthesiser's trace
 * recursion carries between steps, and the step itself. `bp_lambda` (bp-lambda-streaming.ts) and
 * the LRU hybrid (hybrid-streaming.ts) feed it the same things: the new state s_t, the prediction
 * ĝ_t, one example's immediate gradient ℓ_t and J_t; per example (ĝ predicts one example's
 * gradient):
 *
 *   δ_t = (ℓ_t + γ·ĝ_t)·J_t − ĝ_{t−1}                 (ĝ_{T−1} := 0 on the last step)
 *   E   ← γλ·J_{t−1}·E + ∂g(s_{t−1})/∂θ                (the previous Jacobian: spec 2 §3.3)
 *   ∇θ  −= (1/B)·δ_t·E                                  (descent; the target is a constant)
 */
import { tf } from '@olrd/tensor';
import type { SynthesiserTraces } from './synthesiser-traces.js';

export interface SynthesiserLayer {
  /** s_{t−1} [B, S] */
  state: tf.Tensor;
  /** J_{t−1} in the traces' form (zero before the first step). */
  jacobian: tf.Tensor;
  /** ĝ_{t−1} [B, S] */
  prediction: tf.Tensor;
  /** E^K and E^b (synthesiser-traces.ts). */
  traceKernel: tf.Tensor;
  traceBias: tf.Tensor;
  /** The synthesiser's accumulated gradients. */
  gradKernel: tf.Tensor;
  gradBias: tf.Tensor;
}

/** Zero state, traces and gradients for `batch` examples of state size `size`. */
export function initSynthesiserLayer(
  traces: SynthesiserTraces,
  batch: number,
  size: number,
): SynthesiserLayer {
  const zero = traces.init(batch, size);
  return {
    state: tf.zeros([batch, size]),
    jacobian: zero.jacobian,
    prediction: tf.zeros([batch, size]),
    traceKernel: zero.kernel,
    traceBias: zero.bias,
    gradKernel: tf.zeros([size, size]),
    gradBias: tf.zeros([size]),
  };
}

/** What one step brings to a layer. */
export interface SynthesiserStep {
  /** s_t [B, S] */
  state: tf.Tensor;
  /** ĝ_t [B, S] (zero on the sequences' last step). */
  prediction: tf.Tensor;
  /** One example's immediate gradient ℓ_t [B, S] (B times the batch-mean loss's). */
  immediate: tf.Tensor;
  /** J_t in the traces' form (kept by the new layer state). */
  jacobian: tf.Tensor;
}

/**
 * The layer after one step (fresh tensors; the caller disposes `old`). `active` [B, 1] is 1 for
 * the examples past their sequence's first step and 0 at it: there is no ĝ_{t−1} to train yet,
 * and the traces (zero there, as the sequence just started) stay zero.
 */
export function stepSynthesiserLayer(
  old: SynthesiserLayer,
  traces: SynthesiserTraces,
  step: SynthesiserStep,
  active: tf.Tensor,
  gamma: number,
  lambda: number,
): SynthesiserLayer {
  const batch = old.state.shape[0] as number;
  const back = traces.backThrough(
    tf.add(step.immediate, tf.mul(step.prediction, gamma)) as tf.Tensor2D,
    step.jacobian,
  );
  const delta = tf.mul(tf.sub(back, old.prediction), active) as tf.Tensor2D;
  const advanced = traces.advance(
    { kernel: old.traceKernel, bias: old.traceBias },
    old.jacobian,
    old.state as tf.Tensor2D,
    gamma * lambda,
  );
  // Every trace leads with the batch (dense [B, …], per unit [B·N, …]).
  const masked = (t: tf.Tensor): tf.Tensor =>
    tf.reshape(tf.mul(tf.reshape(t, [batch, -1]), active), t.shape);
  const trace = { kernel: masked(advanced.kernel), bias: masked(advanced.bias) };
  const update = traces.contract(delta, trace);
  return {
    state: tf.clone(step.state),
    jacobian: step.jacobian,
    prediction: tf.clone(step.prediction),
    traceKernel: trace.kernel,
    traceBias: trace.bias,
    gradKernel: tf.sub(old.gradKernel, tf.mul(update.kernel, 1 / batch)),
    gradBias: tf.sub(old.gradBias, tf.mul(update.bias, 1 / batch)),
  };
}

/** Every tensor the layer holds (to dispose). */
export function synthesiserLayerTensors(layer: SynthesiserLayer): tf.Tensor[] {
  return [
    layer.state,
    layer.jacobian,
    layer.prediction,
    layer.traceKernel,
    layer.traceBias,
    layer.gradKernel,
    layer.gradBias,
  ];
}

/** The synthesiser gradients of `name` (`layers.{l}.synth.kernel|bias`), or null for others. */
export function synthesiserGradientOf(name: string, layers: SynthesiserLayer[]): tf.Tensor | null {
  const synth = /^layers\.(\d+)\.synth\.(kernel|bias)$/.exec(name);
  if (synth === null) return null;
  const layer = layers[Number(synth[1])] as SynthesiserLayer;
  return tf.clone(synth[2] === 'kernel' ? layer.gradKernel : layer.gradBias);
}
