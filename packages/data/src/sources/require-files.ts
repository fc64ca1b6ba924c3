/**
 * Finding a task's source files in a {@link DataStore}, with one clear error listing everything
 * that is missing, where it was looked for, and how to get it.
 */
import { DataMissingError } from '../errors.js';
import type { DataStore } from '../store/data-store.js';
import { DATA_SOURCES, type DataSourceId } from './data-sources.js';

/** One needed file (or folder) and the relative paths that may hold it. */
export interface NeededFile {
  /** Shown when missing, e.g. `train-images-idx3-ubyte[.gz]`. */
  readonly label: string;
  readonly candidates: readonly string[];
}

/**
 * Locates every needed file.
 *
 * @returns the store paths, in the order of `needed`
 * @throws DataMissingError naming the missing files, the store location, the download command
 *   and the manual alternative.
 */
export async function requireFiles(
  store: DataStore,
  task: string,
  source: DataSourceId,
  needed: readonly NeededFile[],
): Promise<string[]> {
  const found = await Promise.all(needed.map((file) => store.find(file.candidates)));
  const missing = needed.filter((_, i) => found[i] === undefined);
  if (missing.length > 0) {
    const spec = DATA_SOURCES[source];
    throw new DataMissingError(
      task,
      `dataset '${task}' needs ${missing.map((file) => file.label).join(', ')}, not found in ${store.location} ` +
        `(looked for ${missing
          .flatMap((file) => file.candidates)
          .slice(0, 4)
          .join(', ')}${missing.length > 1 || missing[0]!.candidates.length > 4 ? ', …' : ''}). ` +
        `Get it with 'olrd data download ${task}', or by hand: ${spec.manual.replace(/<data dir>/g, store.location)}`,
    );
  }
  return found as string[];
}
