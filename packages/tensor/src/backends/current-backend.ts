/** Which backend is active right now, in olrd's names where olrd activated it. */
import * as tf from '@tensorflow/tfjs-core';
import { TFJS_BACKEND_OF, type ResolvedBackendName } from './backend-name.js';
import { backendState } from './backend-state.js';

/**
 * The active backend: the name `initBackend` resolved to (e.g. `'cuda'`, where tfjs says
 * `'tensorflow'`), or tfjs's own backend name if it was changed with `tf.setBackend` since, or
 * `null` when no backend has been set up yet (this never initialises one).
 */
export function currentBackend(): ResolvedBackendName | (string & {}) | null {
  const tfjsName = tf.engine().backendName as string | undefined;
  if (tfjsName == null || tf.findBackend(tfjsName) == null) return null;
  const { active } = backendState();
  return active != null && TFJS_BACKEND_OF[active] === tfjsName ? active : tfjsName;
}
