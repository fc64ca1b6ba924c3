/**
 * Helpers every cell shares: one exact step, and the exact scan as a loop of steps (for cells
 * without a parallel scan; autodiff through the loop is BPTT).
 */
import { tf } from '@olrd/tensor';
import type { ModelConfig } from '../model-config.js';
import type { Params } from '../params.js';
import type { Cell } from '../spec/cell.js';

/** s_t = update(s_{t−1}, recurrentTerms(s_{t−1}), u_t): the cell's exact step. */
export function cellStep(
  cell: Cell,
  rec: Params,
  prev: tf.Tensor,
  u: tf.Tensor,
  config: ModelConfig,
): tf.Tensor {
  return cell.update(rec, prev, cell.recurrentTerms(rec, prev, config), u, config);
}

/** The exact states [B, T, kN] of u [B, T, H] by stepping from `initial` (zero when absent). */
export function loopScan(
  cell: Cell,
  rec: Params,
  u: tf.Tensor3D,
  config: ModelConfig,
  initial: tf.Tensor2D | undefined,
  stateSize: number,
): tf.Tensor3D {
  const [batch] = u.shape;
  let state: tf.Tensor = initial ?? tf.zeros([batch, stateSize]);
  const states: tf.Tensor[] = [];
  // tfjs 4.22's Unpack gradient fails on an axis of length 1 (it stacks a non-array), so a
  // one-step sequence is reshaped instead of unstacked.
  const steps = u.shape[1] === 1 ? [tf.reshape(u, [batch, -1])] : tf.unstack(u, 1);
  for (const ut of steps) {
    state = cellStep(cell, rec, state, ut, config);
    states.push(state);
  }
  return tf.stack(states, 1) as tf.Tensor3D;
}

/** Splits a component-major state [..., k·N] into its k components [..., N]. */
export function stateComponents(state: tf.Tensor, components: number): tf.Tensor[] {
  return components === 1 ? [state] : tf.split(state, components, -1);
}

/** Returns the named local parameter or throws naming the cell and the parameter. */
export function recParam(rec: Params, name: string, cellName: string): tf.Tensor {
  const tensor = rec[name];
  if (tensor === undefined) throw new Error(`${cellName}: missing parameter '${name}'`);
  return tensor;
}
