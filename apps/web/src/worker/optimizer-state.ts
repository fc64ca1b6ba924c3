/**
 * Optimiser state as bytes, so a checkpoint resumes Adam exactly. The layout is the optimiser
 * part of `OnlineLearner.save()` (`learner-checkpoint.ts` in @olrd/rules): every tensor leaf of
 * the state tree under `optimizer.<path>`, every number leaf in the JSON metadata
 * `optimizer_numbers`. A streaming learner's state is taken from its own `save()`; a
 * sequence-execution learner's is written here with the same walk. Restoring rebuilds the tree
 * from `optimizer.init(params)` (so the optimiser must be built the same way) and fills it.
 *
 * The state is optimiser-only: parameters travel under their spec-0 names in the checkpoint, and
 * a saved learner sits between batches, where recurrent states and traces are reset anyway.
 */
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import { LEARNER_CHECKPOINT_FORMAT, type LearnerOptimizer, type OnlineLearner } from '@olrd/rules';
import {
  CheckpointError,
  parseSafetensors,
  serializeSafetensors,
  type SafetensorsTensor,
} from '@olrd/train';

/** The `format` metadata of optimiser-state bytes. */
export const OPTIMIZER_STATE_FORMAT = 'olrd.optimizer-state.v1';
const PREFIX = 'optimizer';
const NUMBERS_KEY = 'optimizer_numbers';

type Leaf = tf.Tensor | number;

function walk(tree: unknown, path: string, visit: (leaf: Leaf, path: string) => void): void {
  if (tree instanceof tf.Tensor || typeof tree === 'number') visit(tree, path);
  else if (Array.isArray(tree)) tree.forEach((item, i) => walk(item, `${path}.${i}`, visit));
  else if (tree !== null && typeof tree === 'object')
    for (const [key, value] of Object.entries(tree)) walk(value, `${path}.${key}`, visit);
}

function rebuild(
  tree: unknown,
  path: string,
  leaf: (path: string, template: Leaf) => Leaf,
): unknown {
  if (tree instanceof tf.Tensor || typeof tree === 'number') return leaf(path, tree);
  if (Array.isArray(tree)) return tree.map((item, i) => rebuild(item, `${path}.${i}`, leaf));
  if (tree !== null && typeof tree === 'object') {
    return Object.fromEntries(
      Object.entries(tree).map(([key, value]) => [key, rebuild(value, `${path}.${key}`, leaf)]),
    );
  }
  return tree;
}

function checkFormat(format: string | undefined): void {
  if (format !== OPTIMIZER_STATE_FORMAT && format !== LEARNER_CHECKPOINT_FORMAT)
    throw new CheckpointError(`optimiser state: unknown format '${format ?? 'none'}'`);
}

/** Serialises an optimiser state tree (read back asynchronously: every backend, webgpu too). */
export async function saveOptimizerState(state: unknown): Promise<Uint8Array> {
  const leaves: Array<[string, tf.Tensor]> = [];
  const numbers: Record<string, number> = {};
  walk(state, PREFIX, (leaf, path) => {
    if (typeof leaf === 'number') numbers[path] = leaf;
    else leaves.push([path, leaf]);
  });
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [path, tensor] of leaves) {
    const data = Float32Array.from(await tensor.data());
    tensors[path] = { dtype: 'F32', shape: tensor.shape, data };
  }
  return serializeSafetensors(tensors, {
    format: OPTIMIZER_STATE_FORMAT,
    [NUMBERS_KEY]: JSON.stringify(numbers),
  });
}

/** The optimiser part of an `OnlineLearner`'s own checkpoint, as optimiser-state bytes. */
export function onlineLearnerOptimizerState(learner: OnlineLearner): Uint8Array {
  const { metadata, tensors } = parseSafetensors(learner.save());
  if (metadata['format'] !== LEARNER_CHECKPOINT_FORMAT)
    throw new Error(`unexpected learner checkpoint format '${metadata['format'] ?? 'none'}'`);
  const kept = Object.fromEntries(
    Object.entries(tensors).filter(([name]) => name.startsWith(`${PREFIX}.`)),
  );
  return serializeSafetensors(kept, {
    format: OPTIMIZER_STATE_FORMAT,
    [NUMBERS_KEY]: metadata[NUMBERS_KEY] ?? '{}',
  });
}

/**
 * The optimiser state stored in `bytes`, shaped like `optimizer.init(params)`; the caller owns it.
 * Also reads `OnlineLearner.save()` files (the same layout).
 *
 * @throws CheckpointError when the bytes are not optimiser state or do not fit this optimiser.
 */
export function loadOptimizerState(
  bytes: Uint8Array,
  optimizer: LearnerOptimizer,
  params: Params,
): unknown {
  const { metadata, tensors } = parseSafetensors(bytes);
  checkFormat(metadata['format']);
  const numbers = JSON.parse(metadata[NUMBERS_KEY] ?? '{}') as Record<string, number>;
  const template = optimizer.init(params);
  const made: tf.Tensor[] = [];
  try {
    return rebuild(template, PREFIX, (path, leaf) => {
      if (typeof leaf === 'number') {
        const value = numbers[path];
        if (value === undefined)
          throw new CheckpointError(`optimiser state: counter '${path}' is missing`);
        return value;
      }
      const saved = tensors[path];
      if (saved === undefined || saved.data.length !== leaf.size) {
        throw new CheckpointError(
          `optimiser state: '${path}' is ${saved === undefined ? 'missing' : `[${saved.shape.join(', ')}], the optimiser needs [${leaf.shape.join(', ')}]`}`,
        );
      }
      const tensor = tf.tensor(Float32Array.from(saved.data), leaf.shape);
      made.push(tensor);
      return tensor;
    });
  } catch (error) {
    tf.dispose(made);
    throw error;
  } finally {
    walk(template, PREFIX, (leaf) => {
      if (typeof leaf !== 'number') leaf.dispose();
    });
  }
}

/**
 * `learner.save()` with its optimiser state replaced by `state` (optimiser-state bytes), for
 * `OnlineLearner.load`: the public way to start a streaming learner with a given Adam state.
 *
 * @throws CheckpointError when `state` is not optimiser state (or a learner checkpoint).
 */
export function withOptimizerState(learner: OnlineLearner, state: Uint8Array): Uint8Array {
  const own = parseSafetensors(learner.save());
  const given = parseSafetensors(state);
  checkFormat(given.metadata['format']);
  const tensors = Object.fromEntries(
    Object.entries(own.tensors).filter(([name]) => !name.startsWith(`${PREFIX}.`)),
  );
  for (const [name, tensor] of Object.entries(given.tensors))
    if (name.startsWith(`${PREFIX}.`)) tensors[name] = tensor;
  return serializeSafetensors(tensors, {
    ...own.metadata,
    [NUMBERS_KEY]: given.metadata[NUMBERS_KEY] ?? '{}',
  });
}
