/**
 * Optimiser state as bytes, so a checkpoint resumes Adam exactly. The layout is the optimiser
 * part of an `OnlineLearner` checkpoint (`saveLearner` of @olrd/train): every tensor leaf of the
 * state tree under `optimizer.<path>`, every number leaf in the JSON metadata `optimizer_numbers`,
 * both listed by `flattenTree` of @olrd/tensor. A learner of either execution writes its state
 * here (a streaming one takes it from `learner.state()`). Restoring rebuilds the tree from
 * `optimizer.init(params)` (so the optimiser must be built the same way) and fills it.
 *
 * The state is optimiser-only: parameters travel under their spec-0 names in the checkpoint, and
 * a saved learner sits between batches, where recurrent states and traces are reset anyway.
 */
import { flattenTree } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import {
  CheckpointError,
  LEARNER_CHECKPOINT_FORMAT,
  optimizerStateFromSafetensors,
  parseSafetensors,
  serializeSafetensors,
  type GradientTransformation,
  type OptState,
  type SafetensorsTensor,
} from '@olrd/train';

/** The `format` metadata of optimiser-state bytes. */
export const OPTIMIZER_STATE_FORMAT = 'olrd.optimizer-state.v1';
const PREFIX = 'optimizer';
const NUMBERS_KEY = 'optimizer_numbers';

function checkFormat(format: string | undefined): void {
  if (format !== OPTIMIZER_STATE_FORMAT && format !== LEARNER_CHECKPOINT_FORMAT)
    throw new CheckpointError(`optimiser state: unknown format '${format ?? 'none'}'`);
}

/** Serialises an optimiser state tree (read back asynchronously: every backend, webgpu too). */
export async function saveOptimizerState(state: unknown): Promise<Uint8Array> {
  const numbers: Record<string, number> = {};
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [path, leaf] of flattenTree(state, PREFIX)) {
    if (typeof leaf === 'number') numbers[path] = leaf;
    else
      tensors[path] = {
        dtype: 'F32',
        shape: leaf.shape,
        data: Float32Array.from(await leaf.data()),
      };
  }
  return serializeSafetensors(tensors, {
    format: OPTIMIZER_STATE_FORMAT,
    [NUMBERS_KEY]: JSON.stringify(numbers),
  });
}

/**
 * The optimiser state stored in `bytes`, shaped like `optimizer.init(params)`; the caller owns it.
 * Also reads `saveLearner` files of @olrd/train (the same layout).
 *
 * @throws CheckpointError when the bytes are not optimiser state or do not fit this optimiser.
 */
export function loadOptimizerState(
  bytes: Uint8Array,
  optimizer: GradientTransformation,
  params: Params,
): OptState {
  const { metadata, tensors } = parseSafetensors(bytes);
  checkFormat(metadata['format']);
  const numbers = JSON.parse(metadata[NUMBERS_KEY] ?? '{}') as Record<string, number>;
  return optimizerStateFromSafetensors(optimizer, params, { tensors, numbers }, 'optimiser state');
}
