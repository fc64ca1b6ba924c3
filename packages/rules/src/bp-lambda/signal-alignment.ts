/**
 * BP(λ)'s own alignment metric (spec 2 §9, the paper's Figures 2 and 3): per step t, the cosine
 * between the learning signal BP(λ) sends into layer l's state, ℓ_t + s·ĝ_t, and the true BPTT
 * gradient ∂L/∂s_t, per example, averaged over the batch. Unlike the parameter-gradient alignment
 * (spec 1 §4.6) this isolates the synthesiser: on the toy task ℓ_t = 0 before the last step, so the
 * cosine there is that of ĝ_t with the future gradient it learns to predict.
 */
import { tf } from '@olrd/tensor';
import { cellOf, type ModelConfig, type Params, type Recurrence } from '@olrd/core';
import { sequenceGradients, type Batch, type PendingResult } from '../executions.js';
import {
  bpLambdaRecurrence,
  captureGradient,
  disposeCaptures,
  layerJacobians,
  layerRec,
  type LayerCapture,
} from './bp-lambda-sequence.js';
import { reverseTargets } from './sg-regression.js';
import {
  requireSynthesiser,
  resolveSgOptions,
  withoutSynthesisers,
  type SyntheticGradientOptions,
} from './sg-options.js';

/** The learning-signal alignment of one batch. */
export interface SignalAlignment {
  /**
   * Per layer, per step t: the batch mean of cos(ℓ_t + s·ĝ_t, ∂L/∂s_t) over the examples whose
   * true gradient is not zero (null where none is); a zero signal counts as cosine 0.
   */
  perLayer: (number | null)[][];
  /** The mean over layers and steps (the non-null entries). */
  mean: number | null;
}

/**
 * ∂L/∂s_t from what reaches the scan's output under BPTT (the same-step error, the layers above
 * included): the paths through later states run inside the scan, so add them back,
 * ∂L/∂s_t = e_t + G_t with G_t BPTT's future gradient (the λ = γ = 1 targets).
 */
function totalGradient(
  immediate: tf.Tensor3D,
  capture: LayerCapture,
  rec: Params,
  config: ModelConfig,
): tf.Tensor3D {
  return tf.add(
    immediate,
    reverseTargets(immediate, layerJacobians(capture, rec, config), 1, 1),
  ) as tf.Tensor3D;
}

function release(result: PendingResult): void {
  tf.dispose([result.loss, result.logProbs, ...Object.values(result.grads)]);
}

/**
 * Measures {@link SignalAlignment} for `bp_lambda` at `params` on `batch` (dropout off).
 *
 * @example
 * ```ts
 * const { perLayer, mean } = await learningSignalAlignment(params, config, batch, { lambda: 1 });
 * ```
 */
export async function learningSignalAlignment(
  params: Params,
  config: ModelConfig,
  batch: Batch,
  options: SyntheticGradientOptions = {},
): Promise<SignalAlignment> {
  requireSynthesiser('bp_lambda', config, params);
  const sg = resolveSgOptions(options);
  const model = withoutSynthesisers(params);
  const captures: LayerCapture[] = [];
  const truths: tf.Tensor3D[] = [];
  const cell = cellOf(config.layerCls);
  const exact =
    (layer: number): Recurrence =>
    (rec, u) =>
      captureGradient(
        (dy) => {
          truths[layer]?.dispose();
          truths[layer] = dy as tf.Tensor3D;
        },
        cell.scan(rec, u as tf.Tensor3D, config),
      );
  try {
    release(
      sequenceGradients(
        (layer) => bpLambdaRecurrence(false, layer, params, config, sg, captures),
        model,
        config,
        batch,
        [],
      ),
    );
    release(sequenceGradients(exact, model, config, batch, []));
    const perLayer: (number | null)[][] = [];
    for (let layer = 0; layer < config.nLayers; layer++) {
      const capture = captures[layer];
      const immediate = truths[layer];
      if (capture?.arriving === undefined || immediate === undefined)
        throw new Error(
          'learningSignalAlignment: the backward pass never reached the layer states',
        );
      const [mean, counts] = tf.tidy(() => {
        const size = capture.states.shape[0];
        const truth = totalGradient(immediate, capture, layerRec(params, layer), config);
        // One example's signal, B·ℓ_t + s·ĝ_t (ĝ_T = 0), against B·∂L/∂s_t (the scale cancels).
        const signal = tf.add(
          tf.mul(capture.arriving!, size),
          tf.mul(capture.predictions, sg.sgWeight),
        );
        const dot = tf.sum(tf.mul(signal, truth), -1);
        const norms = tf.mul(tf.norm(signal, 'euclidean', -1), tf.norm(truth, 'euclidean', -1));
        const counted = tf.cast(tf.greater(tf.norm(truth, 'euclidean', -1), 0), 'float32');
        const cosine = tf.where(
          tf.greater(norms, 0),
          tf.div(dot, tf.maximum(norms, 1e-30)),
          tf.zerosLike(dot),
        );
        return [tf.sum(tf.mul(cosine, counted), 0), tf.sum(counted, 0)];
      });
      const [sums, n] = await Promise.all([mean.data(), counts.data()]);
      tf.dispose([mean, counts]);
      perLayer.push(
        Array.from(sums as Float32Array, (s, t) =>
          (n[t] as number) > 0 ? s / (n[t] as number) : null,
        ),
      );
    }
    const values = perLayer.flat().filter((v): v is number => v !== null);
    return {
      perLayer,
      mean: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
    };
  } finally {
    disposeCaptures(captures);
    tf.dispose(truths.filter((t) => t !== undefined));
  }
}
