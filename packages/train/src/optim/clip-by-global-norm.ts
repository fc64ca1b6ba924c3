/**
 * `clipByGlobalNorm`: if ‖u‖₂ over all parameters exceeds `maxNorm`, scale every update by
 * maxNorm/‖u‖ (optax `clip_by_global_norm`). Computed on device, no sync.
 */
import { tf } from '@olrd/tensor';
import type { GradientTransformation } from './gradient-transformation.js';
import { mapParams, tidyTree } from './tree.js';

/** @param maxNorm - the largest allowed global L2 norm (> 0) */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  if (!(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}`);
  return {
    init: () => ({}),
    update(updates) {
      const out = tidyTree(() => {
        const tensors = Object.values(updates);
        if (tensors.length === 0) return {};
        const norm = tf.sqrt(tf.addN(tensors.map((u) => tf.sum(tf.square(u)))));
        const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
        return mapParams(updates, (u) => tf.mul(u, scale));
      });
      return [out, {}];
    },
  };
}
