/** Installs the file-system store as the default for file-backed datasets in this process. */
import { setDefaultDataStore } from '../store/data-store.js';
import { createNodeDataStore, type NodeDataStoreOptions } from './node-data-store.js';

/**
 * After this call, `loadDataset('smnist', { dataDir })` reads `<dataDir>` (or the default data
 * folder) without a `store` option. Stores are created per data folder and reused.
 */
export function useNodeDataStore(options: Omit<NodeDataStoreOptions, 'dataDir'> = {}): void {
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
