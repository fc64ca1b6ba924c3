/**
 * Parameters are a flat record from spec-0 names (e.g. `layers.0.rec.nu`) to float32 tensors, so
 * checkpoints, optimiser groups and gradients are all plain tree walks.
 */
import type { tf } from '@olrd/tensor';

/** Model parameters (or gradients) keyed by their spec-0 names. */
export type Params = Record<string, tf.Tensor>;

/** Returns the tensor named `name`, or throws an error naming the missing parameter. */
export function param(params: Params, name: string): tf.Tensor {
  const tensor = params[name];
  if (tensor === undefined) throw new Error(`missing parameter '${name}'`);
  return tensor;
}

/** The sub-record of parameters under `prefix` (e.g. `layers.0.rec.`), with the prefix removed. */
export function scope(params: Params, prefix: string): Params {
  const out: Params = {};
  for (const [name, tensor] of Object.entries(params)) {
    if (name.startsWith(prefix)) out[name.slice(prefix.length)] = tensor;
  }
  return out;
}
