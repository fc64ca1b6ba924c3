/**
 * The LRU hybrid `online_full_bp_lambda` in streaming execution: online_full's exact in-layer
 * traces (online-lru.ts) plus, per layer, a BP(λ) synthesiser whose prediction reaches only the
 * layer's input path, with per-unit eligibility traces (synthesiser-traces.ts). Memory is flat in
 * T, and the gradients are those of the sequence form (bp-lambda-sequence.ts) step by step:
 *
 * - each step runs online_full's one-step pass with (s/B)·ĝ^l_t injected at every h^l_t; the
 *   carry is stopped and the recurrent parameters are constants there, so the injection reaches
 *   the layer below (and this layer's pre-recurrence parameters) only;
 * - the error the traces receive, and the synthesiser's ℓ^l_t, is the arriving error minus the
 *   layer's own injection: the readout's and the layers above's (their injections included);
 * - the synthesiser then takes BP(λ)'s trace step (synthesiser-layer.ts) with the LRU's J = λ.
 */
import { tf, tidyTree } from '@olrd/tensor';
import { cellOf, scope, synthesise, type Params } from '@olrd/core';
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import {
  disposeOnlineState,
  initOnlineState,
  onlineGradients,
  stepOnline,
  type OnlineState,
} from '../online-lru.js';
import { withoutSynthesisers, type SyntheticGradientOptions } from './sg-options.js';
import {
  initSynthesiserLayer,
  stepSynthesiserLayer,
  synthesiserGradientOf,
  synthesiserLayerTensors,
  type SynthesiserLayer,
} from './synthesiser-layer.js';
import { tracesFor } from './synthesiser-traces.js';

export interface HybridStreamState {
  online: OnlineState;
  synthesisers: SynthesiserLayer[];
}

/** The streaming engine of `online_full_bp_lambda` (the LRU) with resolved options. */
export function hybridStreamingRule(
  options: Required<SyntheticGradientOptions>,
): StreamingRule<HybridStreamState> {
  const { gamma, lambda, sgWeight } = options;
  const traces = tracesFor(cellOf('LRU'), options.traces);
  return {
    init(params, config, batchSize) {
      return {
        online: initOnlineState('online_full', withoutSynthesisers(params), config, batchSize),
        synthesisers: Array.from({ length: config.nLayers }, () =>
          initSynthesiserLayer(traces, batchSize, 2 * config.dHidden),
        ),
      };
    },

    step(state, params, config, x, target, dropoutMasks, last = false) {
      const batch = x.shape[0];
      // Made inside stepOnline's autodiff (which disposes what it does not keep); disposed below.
      const predictions: tf.Tensor[] = [];
      const {
        state: online,
        logProbs,
        arriving,
      } = stepOnline(state.online, withoutSynthesisers(params), config, x, target, dropoutMasks, {
        signal(layer, h) {
          // Nothing lies beyond the sequences' last step: ĝ_{T−1} = 0.
          const g = last ? tf.zerosLike(h) : synthesise(params, layer, h);
          predictions[layer] = tf.keep(g);
          return tf.mul(g, sgWeight / batch);
        },
      });
      const synthesisers = tidyTree(() =>
        state.synthesisers.map((old, layer) => {
          const h = online.hidden[layer] as { re: tf.Tensor; im: tf.Tensor };
          const packed = tf.concat([h.re, h.im], -1);
          const rec = scope(params, `layers.${layer}.rec.`);
          return stepSynthesiserLayer(
            old,
            traces,
            {
              state: packed,
              prediction: predictions[layer] as tf.Tensor,
              // One example's ℓ_t: the loss is a batch mean.
              immediate: tf.mul((arriving as tf.Tensor[])[layer] as tf.Tensor, batch),
              // The LRU's J = λ depends on neither s_{t−1} nor u_t (the state stands in for both).
              jacobian: traces.jacobian(rec, packed, packed, config),
            },
            tf.cast(tf.greater(state.online.counts, 0), 'float32'),
            gamma,
            lambda,
          );
        }),
      );
      tf.dispose([...predictions, ...(arriving ?? [])]);
      return { state: { online, synthesisers }, logProbs };
    },

    gradients(state, params) {
      const model = onlineGradients(state.online, withoutSynthesisers(params));
      const out: Params = {};
      for (const name of Object.keys(params))
        out[name] = synthesiserGradientOf(name, state.synthesisers) ?? (model[name] as tf.Tensor);
      return out;
    },

    loss(state) {
      return tf.clone(state.online.loss);
    },

    dispose(state) {
      disposeOnlineState(state.online);
      tf.dispose(state.synthesisers.flatMap(synthesiserLayerTensors));
    },
  };
}
