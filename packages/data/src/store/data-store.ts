/**
 * Where real datasets read their source files and keep their preprocessed caches. The data layer
 * itself is isomorphic: a `DataStore` hides the file system (Node: `createNodeDataStore` in
 * `@olrd/data/node`), memory (`createMemoryDataStore`, tests and browsers) or anything else.
 * Paths are `/`-separated; `find` maps relative candidates to the store's own path strings.
 */
import { DatasetOptionsError } from '../errors.js';

/** Size and modification time of a stored file. */
export interface StoredFileInfo {
  readonly size: number;
  readonly modifiedMs: number;
}

/** A source of dataset files and a home for preprocessed caches. */
export interface DataStore {
  /** Where the store looks, for messages (e.g. `/home/me/.cache/olrd`). */
  readonly location: string;
  /**
   * The first of `candidates` (paths relative to the store's search roots) that exists, as a
   * path that `read`, `list` and `join` accept; undefined when none does.
   */
  find(candidates: readonly string[]): Promise<string | undefined>;
  /**
   * The whole file.
   *
   * @throws Error when it cannot be read (the message names the path).
   */
  read(path: string): Promise<Uint8Array>;
  /** Entry names in a folder (files and folders); undefined when it is not a folder. */
  list(folder: string): Promise<string[] | undefined>;
  /** `folder` joined with relative `parts`. */
  join(folder: string, ...parts: string[]): string;
  /** Size and modification time; undefined when absent. */
  info(path: string): Promise<StoredFileInfo | undefined>;
  /** SHA-256 of the file, lower-case hex. */
  checksum(path: string): Promise<string>;
  /** A cache blob by name, or undefined. */
  readCache(name: string): Promise<Uint8Array | undefined>;
  /** Stores a cache blob (atomically where the medium allows). */
  writeCache(name: string, bytes: Uint8Array): Promise<void>;
}

/** Makes the default store for an optional data folder (set by `useNodeDataStore`, or by apps). */
export type DataStoreResolver = (dataDir: string | undefined) => DataStore;

const resolverKey = Symbol.for('olrd.data.storeResolver');

/**
 * Installs the store used by datasets that are given no `store` option (pass undefined to
 * remove it). The resolver lives on `globalThis`, shared by every copy of this package.
 */
export function setDefaultDataStore(resolver: DataStoreResolver | undefined): void {
  (globalThis as { [resolverKey]?: DataStoreResolver })[resolverKey] = resolver;
}

/**
 * The store a file-backed dataset should read: `options.store` when given, else the default
 * store for `options.dataDir`.
 *
 * @throws DatasetOptionsError when neither exists (naming how to install one).
 */
export function resolveDataStore(
  dataset: string,
  options: Readonly<Record<string, unknown>>,
): DataStore {
  const store = options['store'];
  if (store !== undefined) {
    if (
      typeof store !== 'object' ||
      store === null ||
      typeof (store as DataStore).find !== 'function'
    ) {
      throw new DatasetOptionsError(`dataset '${dataset}': option 'store' must be a DataStore`);
    }
    return store as DataStore;
  }
  const resolver = (globalThis as { [resolverKey]?: DataStoreResolver })[resolverKey];
  if (!resolver) {
    throw new DatasetOptionsError(
      `dataset '${dataset}' reads data files but no data store is set: in Node call ` +
        `useNodeDataStore() from '@olrd/data/node' (the olrd CLI does), or pass options.store`,
    );
  }
  const dataDir = options['dataDir'];
  if (dataDir !== undefined && typeof dataDir !== 'string') {
    throw new DatasetOptionsError(`dataset '${dataset}': option 'dataDir' must be a string`);
  }
  return resolver(dataDir === '' ? undefined : dataDir);
}
