/**
 * Which backends can come up here, found by actually activating each one (for the CLI's backend
 * listing and the benchmarks). Afterwards the previously active backend is active again.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TFJS_BACKEND_OF, type ResolvedBackendName } from './backend-name.js';
import type { BackendEnvironment } from './backend-environment.js';
import { activateBackend, asUnavailable } from './activate-backend.js';
import { backendState, enqueue } from './backend-state.js';
import { olrdKernelNames } from '../kernels/register-kernels.js';

/** The result of probing one backend. */
export interface BackendProbe {
  /** The backend name. */
  readonly name: ResolvedBackendName;
  /** Whether `initBackend(name)` succeeds in this process. */
  readonly available: boolean;
  /** The tfjs backend it runs on (`cuda` and `tensorflow` share `'tensorflow'`). */
  readonly tfjsBackend: string;
  /** olrd's fused kernels on it (empty: every olrd op runs as stock-op composites). */
  readonly fusedKernels: readonly string[];
  /** Why it is unavailable (absent when available). */
  readonly reason?: string;
  /** What to install to make it available (absent when available). */
  readonly hint?: string;
}

async function probeOne(
  environment: BackendEnvironment,
  name: ResolvedBackendName,
): Promise<BackendProbe> {
  const tfjsBackend = TFJS_BACKEND_OF[name];
  const fusedKernels = olrdKernelNames(tfjsBackend);
  try {
    await activateBackend(environment, name);
    return { name, available: true, tfjsBackend, fusedKernels };
  } catch (error) {
    const failure = asUnavailable(name, error, environment.hints[name]).failures[0]!;
    return {
      name,
      available: false,
      tfjsBackend,
      fusedKernels,
      reason: failure.reason,
      hint: failure.hint,
    };
  }
}

async function restore(
  environment: BackendEnvironment,
  active: ResolvedBackendName | null,
  tfjsName: string | undefined,
): Promise<void> {
  const state = backendState();
  if (active != null) {
    await activateBackend(environment, active).catch(() => undefined);
  } else if (tfjsName != null && tf.findBackend(tfjsName) != null) {
    await tf.setBackend(tfjsName);
    state.active = null;
  }
}

/**
 * Tries every backend of this entry point and reports which are available, with the reason and
 * install hint for each that is not. Serialised with `initBackend`; restores the backend that was
 * active before (if none was, the last one that came up stays active).
 */
export function probeBackendsIn(environment: BackendEnvironment): Promise<BackendProbe[]> {
  return enqueue(async () => {
    const state = backendState();
    const before = {
      active: state.active,
      tfjsName: tf.engine().backendName as string | undefined,
    };
    const probes: BackendProbe[] = [];
    for (const name of environment.listed) probes.push(await probeOne(environment, name));
    await restore(environment, before.active, before.tfjsName);
    return probes;
  });
}
