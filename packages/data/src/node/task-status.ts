/** Whether a task's data is available locally, for `olrd data list`. */
import type { DataStore } from '../store/data-store.js';
import { DATA_SOURCES, type DataSourceId } from '../sources/data-sources.js';
import type { DatasetEntry } from '../types.js';

/**
 * - `generated`: nothing to download;
 * - `present`: every file the task reads (default options) is there;
 * - `archive`: the download is there but not unpacked yet (LRA);
 * - `missing`: run `olrd data download TASK`.
 */
export type TaskAvailability = 'generated' | 'present' | 'archive' | 'missing';

/** The local availability of `entry`'s data in `store`. */
export async function taskAvailability(
  entry: DatasetEntry,
  store: DataStore,
): Promise<TaskAvailability> {
  if (entry.source !== 'files') return 'generated';
  const found = await Promise.all((entry.files ?? []).map((file) => store.find(file.candidates)));
  if (found.every((path) => path !== undefined)) return 'present';
  const source = DATA_SOURCES[entry.dataSource as DataSourceId];
  if (source?.unpack && (await store.find(source.files.map((file) => file.file)))) return 'archive';
  return 'missing';
}
