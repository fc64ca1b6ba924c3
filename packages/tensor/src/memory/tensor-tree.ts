/**
 * Plain trees of tensors (state, parameters, gradients): nested plain objects and arrays whose
 * leaves are tensors or non-tensor values (numbers, strings, null, ...), which pass through
 * untouched. Class instances other than tensors are leaves too.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A nested structure of plain objects/arrays with tensors (and plain values) at the leaves. */
export type TensorTree =
  | tf.Tensor
  | number
  | string
  | boolean
  | null
  | undefined
  | readonly TensorTree[]
  | { readonly [key: string]: TensorTree };

/** A leaf that {@link flattenTree} and {@link mapTreeLeaves} visit: a tensor or a plain number. */
export type TreeLeaf = tf.Tensor | number;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The one tree walk of olrd: a tree of the same structure with every tensor and number leaf
 * replaced by `fn(leaf, path)`. `path` is dotted (`'layers.0.rec.nu'`), under `prefix` when one is
 * given (`'optimizer.0.mu.w'`). Other leaves (strings, null, class instances such as typed arrays)
 * are copied as they are. Ownership: the result holds whatever `fn` returns; nothing is disposed.
 *
 * @example
 * ```ts
 * const zeroed = mapTreeLeaves({ step: 3, mu: [tf.ones([2])] }, (leaf) =>
 *   typeof leaf === 'number' ? 0 : tf.zerosLike(leaf),
 * ); // { step: 0, mu: [zeros [2]] }
 * ```
 */
export function mapTreeLeaves<T>(
  tree: T,
  fn: (leaf: TreeLeaf, path: string) => TreeLeaf,
  prefix = '',
): T {
  const child = (key: string | number) => (prefix === '' ? String(key) : `${prefix}.${key}`);
  if (tree instanceof tf.Tensor || typeof tree === 'number') return fn(tree, prefix) as T;
  if (Array.isArray(tree))
    return tree.map((item, index) => mapTreeLeaves(item, fn, child(index))) as T;
  if (isPlainObject(tree)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tree))
      out[key] = mapTreeLeaves(value, fn, child(key));
    return out as T;
  }
  return tree;
}

/**
 * The tensor and number leaves of `tree` with their dotted paths (under `prefix`), depth first in
 * key order: what checkpoints write, one entry a leaf. The tensors are the tree's own (not copies).
 */
export function flattenTree(tree: unknown, prefix = ''): Array<[path: string, leaf: TreeLeaf]> {
  const leaves: Array<[string, TreeLeaf]> = [];
  mapTreeLeaves(tree, (leaf, path) => (leaves.push([path, leaf]), leaf), prefix);
  return leaves;
}

/**
 * A tree of the same structure with every tensor leaf replaced by `fn(tensor, path)`; `path` is
 * dotted (`'layers.0.rec.nu'`). Non-tensor leaves are copied as they are. Ownership: the result
 * holds whatever `fn` returns; nothing is disposed.
 */
export function mapTree<T>(
  tree: T,
  fn: (tensor: tf.Tensor, path: string) => tf.Tensor,
  prefix = '',
): T {
  return mapTreeLeaves(
    tree,
    (leaf, path) => (typeof leaf === 'number' ? leaf : fn(leaf, path)),
    prefix,
  );
}

/** Calls `fn(tensor, path)` for every tensor leaf, depth first, in key order. */
export function forEachTensor(tree: unknown, fn: (tensor: tf.Tensor, path: string) => void): void {
  mapTree(tree, (tensor, path) => (fn(tensor, path), tensor));
}

/** Disposes every tensor in `tree` (a tensor seen twice is disposed once). Returns nothing. */
export function disposeTree(tree: unknown): void {
  forEachTensor(tree, (tensor) => tensor.dispose());
}

/**
 * A tree of the same structure whose tensors are fresh handles (`tf.clone`, sharing data until
 * written), owned by the caller: dispose them with {@link disposeTree} independently of `tree`.
 */
export function cloneTree<T>(tree: T): T {
  return mapTree(tree, (tensor) => tf.clone(tensor));
}

/**
 * `tf.tidy` for functions that return a plain tree (records, arrays, numbers, strings): every
 * tensor reachable from the result survives, every intermediate is disposed.
 */
export function tidyTree<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}

/**
 * True when no tensor in `tree` holds a NaN or an infinity (reads each tensor synchronously).
 * Checkpoints use it: a state to come back to must be a finite one.
 */
export function allFinite(tree: unknown): boolean {
  let finite = true;
  forEachTensor(tree, (tensor) => {
    if (!finite) return;
    const values = tensor.dataSync();
    for (let i = 0; i < values.length; i++)
      if (!Number.isFinite(values[i]!)) {
        finite = false;
        return;
      }
  });
  return finite;
}

/** The number of live tensors in the tfjs engine (`tf.memory().numTensors`). */
export function numTensors(): number {
  return tf.memory().numTensors;
}
