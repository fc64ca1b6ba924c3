/**
 * What differs between the browser-safe main entry and the `./node` entry: which backends each can
 * load, how, the order `auto` tries them in, and the install hints in their errors.
 */
import type { ResolvedBackendName } from './backend-name.js';

/**
 * Makes one backend's tfjs factory registered and checks that it can work (imports its package,
 * finds an adapter, ...). Throws `BackendUnavailableError` (or any error, which is wrapped in one).
 */
export type BackendLoader = () => Promise<void>;

/** The loaders, auto order and hints of one entry point. */
export interface BackendEnvironment {
  /** Loaders by name; a name without one is unavailable from this entry point. */
  readonly loaders: Readonly<Partial<Record<ResolvedBackendName, BackendLoader>>>;
  /** Loaders that replace `loaders` while resolving `auto` (e.g. webgpu on hardware adapters only). */
  readonly autoLoaders: Readonly<Partial<Record<ResolvedBackendName, BackendLoader>>>;
  /** The order `auto` tries backends in, fastest first. */
  readonly autoOrder: readonly ResolvedBackendName[];
  /** What to install for each backend. */
  readonly hints: Readonly<Record<ResolvedBackendName, string>>;
  /** The backends this entry point lists and probes. */
  readonly listed: readonly ResolvedBackendName[];
}
