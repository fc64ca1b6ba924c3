/**
 * Brings up one named backend: run its loader once per process, `tf.setBackend`, register olrd's
 * fused kernels for it. Every failure becomes a `BackendUnavailableError` for that name, and the
 * previously working tfjs backend is restored (a failed `tf.setBackend` leaves tfjs pointing at
 * the broken one).
 */
import * as tf from '@tensorflow/tfjs-core';
import { TFJS_BACKEND_OF, type ResolvedBackendName } from './backend-name.js';
import { BackendUnavailableError } from './backend-unavailable-error.js';
import type { BackendEnvironment, BackendLoader } from './backend-environment.js';
import { backendState } from './backend-state.js';
import { registerOlrdKernels } from '../kernels/register-kernels.js';

/** The first line of an error's message, for one-line reasons. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim();
}

/** `error` as a `BackendUnavailableError` for `name` (unchanged when it already is one). */
export function asUnavailable(
  name: ResolvedBackendName,
  error: unknown,
  hint: string,
): BackendUnavailableError {
  if (BackendUnavailableError.isInstance(error)) return error;
  return BackendUnavailableError.forBackend(name, describeError(error), hint, error);
}

/** True when `name` is already active and tfjs still agrees, so nothing needs doing. */
export function isActive(name: ResolvedBackendName): boolean {
  const tfjsName = TFJS_BACKEND_OF[name];
  return (
    backendState().active === name &&
    tf.engine().backendName === tfjsName &&
    tf.findBackend(tfjsName) != null
  );
}

async function restoreTfjsBackend(previous: string | undefined): Promise<void> {
  if (previous != null && tf.findBackend(previous) != null) await tf.setBackend(previous);
}

/**
 * Activates `name` with `loader` (default: the environment's). Resolves to `name`.
 * @throws BackendUnavailableError when the backend cannot be initialised.
 */
export async function activateBackend(
  environment: BackendEnvironment,
  name: ResolvedBackendName,
  loader: BackendLoader | undefined = environment.loaders[name],
): Promise<ResolvedBackendName> {
  const hint = environment.hints[name];
  const tfjsName = TFJS_BACKEND_OF[name];
  const state = backendState();
  if (loader == null)
    throw BackendUnavailableError.forBackend(name, 'not supported by this entry point', hint);
  // A loader with stricter checks (auto's hardware-only webgpu) must still run once.
  if (isActive(name) && state.prepared.has(loader)) return name;
  if (!state.prepared.has(loader)) {
    try {
      await loader();
    } catch (error) {
      throw asUnavailable(name, error, hint);
    }
    state.prepared.add(loader);
  }
  const previous = tf.engine().backendName as string | undefined;
  let failure: unknown;
  const ok = await tf.setBackend(tfjsName).catch((error: unknown) => ((failure = error), false));
  if (!ok) {
    await restoreTfjsBackend(previous === tfjsName ? undefined : previous);
    const detail =
      failure === undefined ? 'see the warning tfjs logged above' : describeError(failure);
    throw BackendUnavailableError.forBackend(
      name,
      `tfjs could not initialise its '${tfjsName}' backend (${detail})`,
      hint,
      failure,
    );
  }
  await tf.ready();
  registerOlrdKernels(tfjsName);
  state.active = name;
  return name;
}
