/**
 * Process-wide record of what `initBackend` set up, kept on `globalThis` under
 * `Symbol.for('olrd.backend')` so two copies of this package agree on it.
 */
import type { ResolvedBackendName } from './backend-name.js';
import type { BackendLoader } from './backend-environment.js';

/** What `initBackend` has done in this process. */
export interface BackendState {
  /** The backend the last successful `initBackend` activated. */
  active: ResolvedBackendName | null;
  /** What `auto` resolved to last time per entry point, so a repeated `initBackend('auto')` is cheap. */
  autoChoice: Map<object, ResolvedBackendName>;
  /** Loaders that have succeeded (packages imported, adapters found); each runs until it does. */
  prepared: Set<BackendLoader>;
  /** Serialises concurrent `initBackend` calls: tfjs has one active backend per process. */
  queue: Promise<unknown>;
}

const STATE_KEY = Symbol.for('olrd.backend');

/** The process-wide {@link BackendState}, created on first use. */
export function backendState(): BackendState {
  const holder = globalThis as { [STATE_KEY]?: BackendState };
  return (holder[STATE_KEY] ??= {
    active: null,
    autoChoice: new Map(),
    prepared: new Set(),
    queue: Promise.resolve(),
  });
}

/** Runs `task` after every earlier queued task has settled. */
export function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const state = backendState();
  const run = state.queue.then(task, task);
  state.queue = run.catch(() => undefined);
  return run;
}
