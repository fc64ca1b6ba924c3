/**
 * The linear synthesiser of BP(λ) and DNI (spec 2 §1): per layer, g(s) = s·K + b predicts the
 * future gradient Σ_{j>t} γ^{j−t−1}·∂L_j/∂s_t at the cell state s [.., k·N] (the LSTM's joint
 * [h; c], the LRU's [re; im]). K is stored [in, out] like every dense kernel.
 */
import { tf } from '@olrd/tensor';
import { cellOf } from './cells/index.js';
import type { ModelConfig } from './model-config.js';
import { param, type Params } from './params.js';

const SYNTH_PARAM = /^layers\.\d+\.synth\.(kernel|bias)$/;

/** True for `layers.{i}.synth.kernel` and `layers.{i}.synth.bias`. */
export function isSynthesiserParam(name: string): boolean {
  return SYNTH_PARAM.test(name);
}

/** The synthesiser's width: the cell state's size k·N. */
export function synthesiserSize(config: Pick<ModelConfig, 'layerCls' | 'dHidden'>): number {
  return cellOf(config.layerCls).components * config.dHidden;
}

/**
 * g(s) = s·K + b for layer `layer`, s [..., k·N] → [..., k·N].
 *
 * @example
 * ```ts
 * const g = synthesise(params, 0, states); // the predicted future gradient at every state
 * ```
 */
export function synthesise(params: Params, layer: number, states: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const kernel = param(params, `layers.${layer}.synth.kernel`);
    const bias = param(params, `layers.${layer}.synth.bias`);
    const size = kernel.shape[0] as number;
    const flat = tf.reshape(states, [-1, size]);
    return tf.reshape(tf.add(tf.matMul(flat, kernel), bias), states.shape);
  });
}
