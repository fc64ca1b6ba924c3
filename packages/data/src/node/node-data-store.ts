/**
 * The file-system {@link DataStore}: files under the data folder, plus read-only system folders
 * that may hold the same files (Debian's `/usr/share/datasets/fashion-mnist`); caches in
 * `<data dir>/cache/`, written atomically. Checksums are memoised per (path, size, mtime) for the
 * life of the process.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataStore } from '../store/data-store.js';
import { DATA_SOURCES } from '../sources/data-sources.js';
import { resolveDataDir } from './data-dir.js';
import { sha256File } from './sha256-file.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Options of {@link createNodeDataStore}. */
export interface NodeDataStoreOptions {
  /** The data folder (default: {@link resolveDataDir}). */
  readonly dataDir?: string;
  /**
   * Extra read-only folders by data-folder prefix (default: the sources' system folders, e.g.
   * `fashion-mnist` → `/usr/share/datasets/fashion-mnist`); pass `{}` to disable.
   */
  readonly systemFolders?: Readonly<Record<string, readonly string[]>>;
}

/** A file-system store; `dataDir` is the resolved data folder. */
export interface NodeDataStore extends DataStore {
  readonly dataDir: string;
}

const defaultSystemFolders = (): Record<string, readonly string[]> =>
  Object.assign({}, ...Object.values(DATA_SOURCES).map((source) => source.systemFolders ?? {}));

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Creates a store over a data folder (which need not exist yet). */
export function createNodeDataStore(options: NodeDataStoreOptions = {}): NodeDataStore {
  const dataDir = resolveDataDir(options.dataDir);
  const systemFolders = options.systemFolders ?? defaultSystemFolders();
  const checksums = new Map<string, string>();
  const places = (relative: string): string[] => {
    const [prefix, ...rest] = relative.split('/');
    const system = systemFolders[prefix!] ?? [];
    return [
      join(dataDir, ...relative.split('/')),
      ...system.map((folder) => join(folder, ...rest)),
    ];
  };
  return {
    location: dataDir,
    dataDir,
    async find(candidates) {
      for (const candidate of candidates) {
        for (const path of places(candidate)) if (await exists(path)) return path;
      }
      return undefined;
    },
    async read(path) {
      const buffer = await readFile(path);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    async list(folder) {
      return readdir(folder).then(
        (names) => names.sort(),
        () => undefined,
      );
    },
    join: (folder, ...parts) => join(folder, ...parts),
    async info(path) {
      return stat(path).then(
        (stats) => ({ size: stats.size, modifiedMs: stats.mtimeMs }),
        () => undefined,
      );
    },
    async checksum(path) {
      const stats = await stat(path);
      const key = `${path}\0${stats.size}\0${stats.mtimeMs}`;
      const known = checksums.get(key);
      if (known) return known;
      const digest = await sha256File(path);
      checksums.set(key, digest);
      return digest;
    },
    async readCache(name) {
      return readFile(join(dataDir, 'cache', name)).then(
        (buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
        () => undefined,
      );
    },
    async writeCache(name, bytes) {
      await writeFileAtomic(join(dataDir, 'cache', name), bytes);
    },
  };
}
