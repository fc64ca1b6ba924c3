/**
 * Plain trees of tensors (spec 5 lesson 8): parameters, gradients and optimiser state are
 * records/arrays of `tf.Tensor` (plus plain numbers for step counters, so reading a count never
 * forces a device sync). `disposeTree`/`cloneTree` are `@olrd/tensor`'s, shared by every package.
 */
import { cloneTree as cloneTensorTree, disposeTree as disposeTensorTree, tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type { OptState } from '@olrd/core/spec';

/** Optimiser state: a tensor, a step counter, or an array/record of states (spec type). */
export type { OptState } from '@olrd/core/spec';

/** Disposes every tensor in a tree (numbers are ignored); `@olrd/tensor`'s shared helper. */
export const disposeTree: (tree: OptState | Params | undefined) => void = disposeTensorTree;

/** Fresh handles to the same data (`tf.clone` does not copy the buffer); `@olrd/tensor`'s helper. */
export const cloneTree: <T extends OptState | Params>(tree: T) => T = cloneTensorTree;

/** Applies `fn` to each named tensor; the result is a new record of what `fn` returns. */
export function mapParams(
  params: Params,
  fn: (tensor: tf.Tensor, name: string) => tf.Tensor,
): Params {
  const out: Params = {};
  for (const [name, tensor] of Object.entries(params)) out[name] = fn(tensor, name);
  return out;
}

/** Zeros shaped like each parameter (float32). */
export function zerosLikeParams(params: Params): Params {
  return mapParams(params, (tensor) => tf.zerosLike(tensor));
}

/** `@olrd/tensor`'s `tidyTree`: only the returned tree's tensors survive. */
export { tidyTree } from '@olrd/tensor';
