/**
 * `initBackend`'s logic for any entry point: a named backend is activated or throws; `auto` tries
 * the environment's order and throws one combined error listing every candidate's failure.
 */
import {
  isBackendName,
  RESOLVED_BACKEND_NAMES,
  type BackendName,
  type ResolvedBackendName,
} from './backend-name.js';
import { BackendUnavailableError, type BackendFailure } from './backend-unavailable-error.js';
import type { BackendEnvironment } from './backend-environment.js';
import { activateBackend, asUnavailable, isActive } from './activate-backend.js';
import { backendState, enqueue } from './backend-state.js';

async function resolveAuto(environment: BackendEnvironment): Promise<ResolvedBackendName> {
  const { autoChoice } = backendState();
  const previous = autoChoice.get(environment);
  if (previous != null && isActive(previous)) return previous;
  const failures: BackendFailure[] = [];
  for (const candidate of environment.autoOrder) {
    const loader = environment.autoLoaders[candidate] ?? environment.loaders[candidate];
    try {
      const chosen = await activateBackend(environment, candidate, loader);
      autoChoice.set(environment, chosen);
      return chosen;
    } catch (error) {
      failures.push(...asUnavailable(candidate, error, environment.hints[candidate]).failures);
    }
  }
  throw BackendUnavailableError.combine(failures);
}

/**
 * Activates `name` (or resolves `auto`) in `environment`; calls are serialised process-wide.
 * @throws TypeError for an unknown name; BackendUnavailableError when it cannot come up.
 */
export function resolveBackend(
  environment: BackendEnvironment,
  name: BackendName,
): Promise<ResolvedBackendName> {
  if (!isBackendName(name)) {
    const names = ['auto', ...RESOLVED_BACKEND_NAMES].join(', ');
    return Promise.reject(
      new TypeError(`Unknown backend '${String(name)}'; expected one of: ${names}`),
    );
  }
  if (name !== 'auto' && environment.loaders[name] != null && isActive(name))
    return Promise.resolve(name);
  return enqueue(() =>
    name === 'auto' ? resolveAuto(environment) : activateBackend(environment, name),
  );
}
