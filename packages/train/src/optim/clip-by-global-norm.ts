/**
 * `clipByGlobalNorm`: if ‖u‖₂ over all parameters exceeds `maxNorm`, scale every update by
 * maxNorm/‖u‖ (optax `clip_by_global_norm`). Computed on device, no sync.
 */
import { tf } from '@olrd/tensor';
import type { GradientTransformation } from './gradient-transformation.js';
import { f32 } from './array-tree.js';
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
    arrays: {
      init: () => ({}),
      update(updates) {
        const arrays = Object.values(updates);
        if (arrays.length === 0) return {};
        // As tfjs computes it: each tensor's sum of squares accumulated in a double and stored
        // as float32, the sums added in float32 (addN), then the float32 root.
        let total = 0;
        for (const u of arrays) {
          let sum = 0;
          for (let i = 0; i < u.length; i++) sum += f32(u[i]! * u[i]!);
          total = f32(total + f32(sum));
        }
        const limit = f32(maxNorm);
        const scale = f32(limit / Math.max(f32(Math.sqrt(total)), limit));
        for (const u of arrays) for (let i = 0; i < u.length; i++) u[i] = f32(u[i]! * scale);
        return {};
      },
    },
  };
}
