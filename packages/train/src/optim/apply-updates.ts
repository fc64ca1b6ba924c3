/** `applyUpdates`: p ← p + u (optax `apply_updates`); the updates already carry the −lr sign. */
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import { mapParams, tidyTree } from './tree.js';

/**
 * @returns fresh parameters; `params` and `updates` are untouched (the caller disposes them).
 * @throws Error naming a parameter that has no update.
 */
export function applyUpdates(params: Params, updates: Params): Params {
  return tidyTree(() =>
    mapParams(params, (p, name) => {
      const u = updates[name];
      if (!u) throw new Error(`applyUpdates: no update for parameter '${name}'`);
      return tf.add(p, u);
    }),
  );
}
