/**
 * State trees (optimiser state, learner state) to and from safetensors entries: every tensor leaf
 * becomes a float32 entry named by its dotted path under a prefix, every number leaf (step
 * counters) a JSON-able record entry. Rebuilding walks a template tree of the same structure (the
 * one `optimizer.init(params)` gives), so a file is checked leaf by leaf against what the code
 * expects instead of trusting the file's own structure. Train checkpoints and online-learner
 * checkpoints share this one implementation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '../safetensors/checkpoint-error.js';
import type { SafetensorsF32, SafetensorsTensor } from '../safetensors/safetensors-types.js';
import { flattenTree, mapTreeLeaves, type TreeLeaf } from './tensor-tree.js';

/** A flattened tree: float32 entries and number leaves, both keyed by dotted path. */
export interface FlatTree {
  readonly tensors: Record<string, SafetensorsF32>;
  readonly numbers: Record<string, number>;
}

/**
 * Flattens `tree` under `prefix`: tensors are read synchronously (`dataSync`) and copied, so the
 * result stays valid after the tree is disposed.
 *
 * @example
 * ```ts
 * import { tf, treeToSafetensors } from '@olrd/tensor';
 * const flat = treeToSafetensors({ count: 3, mu: [tf.zeros([2])] }, 'optimizer');
 * // flat.numbers: { 'optimizer.count': 3 }; flat.tensors['optimizer.mu.0'].shape: [2]
 * ```
 */
export function treeToSafetensors(tree: unknown, prefix: string): FlatTree {
  const tensors: Record<string, SafetensorsF32> = {};
  const numbers: Record<string, number> = {};
  for (const [path, leaf] of flattenTree(tree, prefix)) {
    if (typeof leaf === 'number') numbers[path] = leaf;
    else
      tensors[path] = {
        dtype: 'F32',
        shape: [...leaf.shape],
        data: Float32Array.from(leaf.dataSync()),
      };
  }
  return { tensors, numbers };
}

/**
 * Rebuilds a tree shaped like `template` whose leaves come from `flat` (fresh tensors the caller
 * owns; `template` is not consumed). Every leaf must be present with the template's size and
 * dtype F32.
 *
 * @param hint - appended to each error, e.g. "(was the optimiser built the same way?)"
 * @throws CheckpointError naming the first missing, mis-sized or mistyped path; nothing leaks.
 */
export function treeFromSafetensors<T>(
  template: T,
  prefix: string,
  flat: {
    readonly tensors: Readonly<Record<string, SafetensorsTensor>>;
    readonly numbers: Readonly<Record<string, number>>;
  },
  hint = '',
): T {
  const made: tf.Tensor[] = [];
  const suffix = hint === '' ? '' : ` ${hint}`;
  const build = (leaf: TreeLeaf, path: string): TreeLeaf => {
    if (typeof leaf === 'number') {
      const value = flat.numbers[path];
      if (typeof value !== 'number')
        throw new CheckpointError(`counter '${path}' is missing${suffix}`);
      return value;
    }
    const saved = Object.hasOwn(flat.tensors, path) ? flat.tensors[path] : undefined;
    if (saved === undefined) throw new CheckpointError(`tensor '${path}' is missing${suffix}`);
    if (saved.dtype !== 'F32')
      throw new CheckpointError(`tensor '${path}' is ${saved.dtype}, expected F32${suffix}`);
    if (saved.data.length !== leaf.size)
      throw new CheckpointError(
        `tensor '${path}' has ${saved.data.length} values, expected ${leaf.size}${suffix}`,
      );
    const tensor = tf.tensor(saved.data, leaf.shape, 'float32');
    made.push(tensor);
    return tensor;
  };
  try {
    return mapTreeLeaves(template, build, prefix);
  } catch (error) {
    tf.dispose(made);
    throw error;
  }
}
