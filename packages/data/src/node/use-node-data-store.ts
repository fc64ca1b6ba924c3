/**
 * Installs the file-system store as the default for file-backed datasets in this process, and the
 * tar reader for archive sources.
 */
import { setDefaultDataStore } from '../store/data-store.js';
import { setTarReader } from '../store/tar-reader.js';
import { createNodeDataStore, type NodeDataStoreOptions } from './node-data-store.js';
import { readTarMembers } from './tar.js';

/**
 * After this call, `loadDataset('smnist', { dataDir })` reads `<dataDir>` (or the default data
 * folder) without a `store` option, and tasks read `.tar.gz` sources (IMDB, CIFAR-10) with
 * `readTarMembers`. Stores are created per data folder and reused.
 */
export function useNodeDataStore(options: Omit<NodeDataStoreOptions, 'dataDir'> = {}): void {
  setTarReader(readTarMembers);
  const stores = new Map<string, ReturnType<typeof createNodeDataStore>>();
  setDefaultDataStore((dataDir) => {
    const key = dataDir ?? '';
    let store = stores.get(key);
    if (!store) {
      store = createNodeDataStore({ ...options, ...(dataDir ? { dataDir } : {}) });
      stores.set(key, store);
    }
    return store;
  });
}
