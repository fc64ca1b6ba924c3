/**
 * One SequenceLayer (spec 1 §3.1): pre-norm → recurrent cell (state, then its readout) → post
 * block (GLU variants) with time-shared dropout → residual on the un-normalised input (→ post-norm
 * when not pre-norm). Works on [B, T, H] (sequence mode) and [B, H] (one streaming step) alike:
 * everything but the recurrence acts on the last axis.
 */
import { tf } from '@olrd/tensor';
import { cellOf } from './cells/index.js';
import { dense } from './dense.js';
import { gelu } from './gelu.js';
import { layerNorm } from './layer-norm.js';
import type { ModelConfig } from './model-config.js';
import { param, scope, type Params } from './params.js';

/**
 * Maps a layer's input u ([B, T, H], or [B, H] for one streaming step) and its cell parameters
 * (local names) to the cell state ([B, T, k·N] or [B, k·N]). Learning rules swap in variants that
 * differ from the exact scan only in their backward pass; streaming execution passes one step.
 */
export type Recurrence = (rec: Params, u: tf.Tensor) => tf.Tensor;

function applyMask(x: tf.Tensor, mask: tf.Tensor | undefined): tf.Tensor {
  if (mask === undefined) return x;
  // Masks are [B, H]; in sequence mode broadcast them over time.
  return tf.mul(x, x.rank === 3 ? tf.expandDims(mask, 1) : mask);
}

/** The post-recurrence block (GLU variants, dropout) applied to the cell's output r. */
function postBlock(
  params: Params,
  config: ModelConfig,
  prefix: string,
  r: tf.Tensor,
  masks: readonly tf.Tensor[],
): tf.Tensor {
  const glu = (name: string, value: tf.Tensor): tf.Tensor =>
    dense(
      value,
      param(params, `${prefix}glu.${name}.kernel`),
      param(params, `${prefix}glu.${name}.bias`),
    );
  switch (config.activation) {
    case 'full_glu': {
      const a = applyMask(gelu(r), masks[0]);
      return applyMask(tf.mul(glu('out1', a), tf.sigmoid(glu('out2', a))), masks[1]);
    }
    case 'half_glu1': {
      const a = applyMask(gelu(r), masks[0]);
      return applyMask(tf.mul(a, tf.sigmoid(glu('out2', a))), masks[1]);
    }
    case 'half_glu2': {
      const a = applyMask(gelu(r), masks[0]);
      return applyMask(tf.mul(r, tf.sigmoid(glu('out2', a))), masks[1]);
    }
    case 'gelu':
      return applyMask(gelu(r), masks[0]);
    case 'none':
      return r;
    default:
      throw new Error(`unknown activation ${String(config.activation satisfies never)}`);
  }
}

/**
 * Applies layer `layerIndex` to x. `masks` are this layer's dropout masks ([B, H]), absent when
 * dropout is off. `onState` sees the cell state (streaming execution carries it to the next step).
 */
export function sequenceLayer(
  params: Params,
  config: ModelConfig,
  layerIndex: number,
  x: tf.Tensor,
  recurrence: Recurrence,
  masks: readonly tf.Tensor[] = [],
  onState?: (state: tf.Tensor, u: tf.Tensor) => void,
): tf.Tensor {
  const prefix = `layers.${layerIndex}.`;
  const norm = (value: tf.Tensor): tf.Tensor =>
    layerNorm(value, param(params, `${prefix}norm.scale`), param(params, `${prefix}norm.bias`));
  const rec = scope(params, `${prefix}rec.`);
  const u = config.prenorm ? norm(x) : x;
  const state = recurrence(rec, u);
  onState?.(state, u);
  const r = cellOf(config.layerCls).readout(rec, state, u);
  const out = tf.add(x, postBlock(params, config, prefix, r, masks));
  return config.prenorm ? out : norm(out);
}
