/**
 * The main entry's (browser-safe) `initBackend`, `probeBackends` and `listBackends`.
 */
import type { BackendName, ResolvedBackendName } from './backend-name.js';
import { BROWSER_ENVIRONMENT } from './browser-environment.js';
import { resolveBackend } from './resolve-backend.js';
import { probeBackendsIn, type BackendProbe } from './probe-backends.js';

/**
 * Makes `name` the active tfjs backend and registers olrd's fused kernels for it; resolves to the
 * backend that came up. `'auto'` (default) tries webgpu on a hardware adapter, then wasm, then cpu.
 * An explicitly named backend never falls back. Repeating a call is cheap; switching works (tensors
 * move to the new backend when next used). Calls are serialised.
 *
 * This entry is browser-safe: it has no `tensorflow`/`cuda`, and `webgpu` only where
 * `navigator.gpu` exists. In Node, import `initBackend` from `@olrd/tensor/node` instead.
 *
 * @throws BackendUnavailableError naming what to install when the backend (or, for `auto`, every
 *   candidate, one reason each) cannot come up; TypeError for an unknown name.
 * @example
 * ```ts
 * import { initBackend, tf } from '@olrd/tensor';
 * const name = await initBackend('wasm'); // 'wasm'
 * console.log(name, tf.getBackend());
 * ```
 */
export function initBackend(name: BackendName = 'auto'): Promise<ResolvedBackendName> {
  return resolveBackend(BROWSER_ENVIRONMENT, name);
}

/**
 * Tries every backend of the main entry (cpu, wasm, webgpu, webgl) and reports which come up, with
 * reasons and install hints for the rest. Restores the previously active backend.
 */
export function probeBackends(): Promise<BackendProbe[]> {
  return probeBackendsIn(BROWSER_ENVIRONMENT);
}

/** The backend names the main entry knows, without trying them. */
export function listBackends(): readonly ResolvedBackendName[] {
  return BROWSER_ENVIRONMENT.listed;
}
