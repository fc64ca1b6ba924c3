/**
 * One SequenceLayer (spec 1 §3.1): pre-norm → LRU → post block (GLU variants) with time-shared
 * dropout → residual on the un-normalised input (→ post-norm when not pre-norm).
 * Works on [B, T, H] (sequence mode) and [B, H] (one streaming step) alike: everything but the
 * recurrence acts on the last axis.
 */
import { tf } from '@olrd/tensor';
import { dense } from './dense.js';
import { gelu } from './gelu.js';
import { layerNorm } from './layer-norm.js';
import { lruDynamics, lruReadout, type Recurrence } from './lru.js';
import type { ModelConfig } from './model-config.js';
import { param, scope, type Params } from './params.js';

function applyMask(x: tf.Tensor, mask: tf.Tensor | undefined): tf.Tensor {
  if (mask === undefined) return x;
  // Masks are [B, H]; in sequence mode broadcast them over time.
  return tf.mul(x, x.rank === 3 ? tf.expandDims(mask, 1) : mask);
}

/**
 * Applies layer `layerIndex` to x. `masks` are this layer's dropout masks ([B, H]), absent when
 * dropout is off.
 */
export function sequenceLayer(
  params: Params,
  config: ModelConfig,
  layerIndex: number,
  x: tf.Tensor,
  recurrence: Recurrence,
  masks: readonly tf.Tensor[] = [],
): tf.Tensor {
  const prefix = `layers.${layerIndex}.`;
  const norm = (value: tf.Tensor): tf.Tensor =>
    layerNorm(value, param(params, `${prefix}norm.scale`), param(params, `${prefix}norm.bias`));
  const rec = scope(params, `${prefix}rec.`);
  const u = config.prenorm ? norm(x) : x;
  const dynamics = lruDynamics(rec);
  const [hRe, hIm] = recurrence(u, dynamics);
  const r = lruReadout(hRe, hIm, rec, u);
  const glu = (name: string, value: tf.Tensor): tf.Tensor =>
    dense(
      value,
      param(params, `${prefix}glu.${name}.kernel`),
      param(params, `${prefix}glu.${name}.bias`),
    );
  let m: tf.Tensor;
  switch (config.activation) {
    case 'full_glu': {
      const a = applyMask(gelu(r), masks[0]);
      m = applyMask(tf.mul(glu('out1', a), tf.sigmoid(glu('out2', a))), masks[1]);
      break;
    }
    case 'half_glu1': {
      const a = applyMask(gelu(r), masks[0]);
      m = applyMask(tf.mul(a, tf.sigmoid(glu('out2', a))), masks[1]);
      break;
    }
    case 'half_glu2': {
      const a = applyMask(gelu(r), masks[0]);
      m = applyMask(tf.mul(r, tf.sigmoid(glu('out2', a))), masks[1]);
      break;
    }
    case 'gelu':
      m = applyMask(gelu(r), masks[0]);
      break;
    case 'none':
      m = r;
      break;
    default:
      throw new Error(`unknown activation ${String(config.activation satisfies never)}`);
  }
  const out = tf.add(x, m);
  return config.prenorm ? out : norm(out);
}
