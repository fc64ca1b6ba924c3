/**
 * A {@link DataStore} over an in-memory map of files (path → bytes): for tests, and for browsers
 * that fetched the files themselves. Folders are implied by the paths.
 */
import type { DataStore } from './data-store.js';
import { sha256Hex } from './sha256.js';

/** A memory store; `files` and `caches` are the live maps (tests may edit them). */
export interface MemoryDataStore extends DataStore {
  readonly files: Map<string, Uint8Array>;
  readonly caches: Map<string, Uint8Array>;
}

/** Creates a memory store holding `files` (relative `/`-separated paths). */
export function createMemoryDataStore(
  files: Readonly<Record<string, Uint8Array>> = {},
): MemoryDataStore {
  const map = new Map(Object.entries(files));
  const caches = new Map<string, Uint8Array>();
  const isFolder = (folder: string) =>
    [...map.keys()].some((path) => path.startsWith(`${folder}/`));
  return {
    location: 'memory',
    files: map,
    caches,
    find: async (candidates) => candidates.find((path) => map.has(path) || isFolder(path)),
    read: async (path) => {
      const bytes = map.get(path);
      if (!bytes) throw new Error(`${path}: no such file in the memory store`);
      return bytes;
    },
    list: async (folder) => {
      if (!isFolder(folder)) return undefined;
      const names = new Set<string>();
      for (const path of map.keys()) {
        if (path.startsWith(`${folder}/`)) names.add(path.slice(folder.length + 1).split('/')[0]!);
      }
      return [...names].sort();
    },
    join: (folder, ...parts) => [folder, ...parts].filter((part) => part !== '').join('/'),
    info: async (path) => {
      const bytes = map.get(path);
      return bytes ? { size: bytes.length, modifiedMs: 0 } : undefined;
    },
    checksum: async (path) => {
      const bytes = map.get(path);
      if (!bytes) throw new Error(`${path}: no such file in the memory store`);
      return sha256Hex(bytes);
    },
    readCache: async (name) => caches.get(name),
    writeCache: async (name, bytes) => void caches.set(name, bytes),
  };
}
