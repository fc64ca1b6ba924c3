/**
 * An optimiser's state read back from a checkpoint's `optimizer.*` entries, the layout every olrd
 * checkpoint with optimiser state uses (learner checkpoints, the web app's optimiser-state bytes):
 * the tree is rebuilt from `optimizer.init(params)` and filled leaf by leaf, so a file is checked
 * against the optimiser the code builds rather than trusted.
 */
import {
  CheckpointError,
  disposeTree,
  treeFromSafetensors,
  type SafetensorsTensor,
} from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import type { OptState } from '../optim/tree.js';

/**
 * The state under `optimizer.*` in `flat` (tensors; number leaves keyed by path, as the
 * `optimizer_numbers` metadata holds them), shaped like `optimizer.init(params)`. Fresh tensors
 * the caller owns.
 *
 * @param what - names the file in errors, e.g. `'learner checkpoint'`
 * @throws CheckpointError `${what}: optimiser …` naming the first missing or mis-sized leaf;
 *   nothing leaks.
 */
export function optimizerStateFromSafetensors(
  optimizer: GradientTransformation,
  params: Params,
  flat: {
    readonly tensors: Readonly<Record<string, SafetensorsTensor>>;
    readonly numbers: Readonly<Record<string, number>>;
  },
  what: string,
): OptState {
  const template = optimizer.init(params);
  try {
    return treeFromSafetensors(
      template,
      'optimizer',
      flat,
      '(was the optimiser built the same way?)',
    );
  } catch (error) {
    throw CheckpointError.isInstance(error)
      ? new CheckpointError(`${what}: optimiser ${error.message}`)
      : error;
  } finally {
    disposeTree(template);
  }
}
