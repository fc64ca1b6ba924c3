/**
 * `olrd data download TASK`: fetch the task's source files into the data folder (verified, resumable,
 * atomic), record trust-on-first-download checksums, and unpack what the task needs from the LRA
 * archive. Without a network connection it fails at once, saying where to put the files by hand.
 */
import { join, sep } from 'node:path';
import { DATA_SOURCES, LRA_MEMBER_PREFIXES, type DataSourceId } from '../sources/data-sources.js';
import { getDatasetEntry } from '../registry.js';
import type { DatasetEntry } from '../types.js';
import { recordChecksum, recordedChecksum } from './checksum-records.js';
import { DownloadError } from './download-error.js';
import { downloadFile, type DownloadProgress, type DownloadResult } from './download-file.js';
import { resolveDataDir } from './data-dir.js';
import { createNodeDataStore, type NodeDataStore } from './node-data-store.js';
import { taskAvailability } from './task-status.js';
import { unpackLra, type UnpackProgress } from './lra-unpack.js';

/** Options of {@link downloadTask}. */
export interface DownloadTaskOptions {
  /** Data folder ('' or absent = {@link resolveDataDir}). */
  readonly dataDir?: string;
  /** Progress per file (`file` = the data-folder-relative path). */
  readonly onProgress?: (file: string, progress: DownloadProgress) => void;
  readonly onUnpack?: (progress: UnpackProgress) => void;
  /**
   * A mirror to use instead of the official hosts: each file is fetched from
   * `<mirror>/<data-folder-relative path>` only (air-gapped sites; tests on 127.0.0.1).
   * Checksums are still verified.
   */
  readonly mirror?: string;
  /** Replace the sources' URLs (tests serve fixtures from 127.0.0.1): relative file → URLs. */
  readonly urls?: Readonly<Record<string, readonly string[]>>;
  /** Replace expected checksums (tests): relative file → SHA-256, or null for none. */
  readonly checksums?: Readonly<Record<string, string | null>>;
  readonly attempts?: number;
  readonly timeoutMs?: number;
}

/** What {@link downloadTask} did. */
export interface DownloadTaskResult {
  readonly task: string;
  readonly dataDir: string;
  /** 'generated' when there is nothing to download. */
  readonly status: 'generated' | 'present' | 'downloaded';
  readonly files: ReadonlyArray<
    DownloadResult & { readonly file: string; readonly trustOnFirstUse: boolean }
  >;
  /** Files unpacked from an archive. */
  readonly unpacked: number;
}

/**
 * Downloads what `task` needs.
 *
 * @throws DatasetOptionsError for an unknown task; DownloadError (see `kind`), with manual
 *   instructions when offline; DataFormatError when an archive is corrupt.
 */
export async function downloadTask(
  task: string,
  options: DownloadTaskOptions = {},
): Promise<DownloadTaskResult> {
  const entry = getDatasetEntry(task);
  const dataDir = resolveDataDir(options.dataDir);
  if (entry.source !== 'files')
    return { task, dataDir, status: 'generated', files: [], unpacked: 0 };
  const store = createNodeDataStore({ dataDir });
  const source = DATA_SOURCES[entry.dataSource as DataSourceId];
  if (await presentWithoutDownload(entry, store, dataDir, source.unpack !== undefined)) {
    return { task, dataDir, status: 'present', files: [], unpacked: 0 };
  }
  const files: Array<DownloadTaskResult['files'][number]> = [];
  for (const remote of source.files) {
    const known =
      options.checksums && remote.file in options.checksums
        ? options.checksums[remote.file]
        : remote.sha256;
    const recorded = known ? undefined : await recordedChecksum(dataDir, remote.file);
    const expected = known ?? recorded?.sha256;
    try {
      const result = await downloadFile({
        urls:
          options.urls?.[remote.file] ??
          (options.mirror ? [`${options.mirror.replace(/\/+$/, '')}/${remote.file}`] : remote.urls),
        destination: join(dataDir, ...remote.file.split('/')),
        ...(expected ? { sha256: expected } : {}),
        ...(options.onProgress
          ? {
              onProgress: (progress: DownloadProgress) =>
                options.onProgress!(remote.file, progress),
            }
          : {}),
        ...(options.attempts ? { attempts: options.attempts } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
      const trustOnFirstUse = !known;
      if (trustOnFirstUse && !recorded) {
        await recordChecksum(dataDir, remote.file, {
          sha256: result.sha256,
          bytes: result.bytes,
          url: result.url ?? 'already present',
          recordedAt: new Date().toISOString(),
        });
      }
      files.push({ ...result, file: remote.file, trustOnFirstUse });
    } catch (error) {
      if (DownloadError.isInstance(error) && error.kind === 'offline') {
        throw new DownloadError('offline', offlineMessage(task, source.id, dataDir, error.message));
      }
      throw error;
    }
  }
  let unpacked = 0;
  if (
    files.every((file) => file.url === undefined) &&
    (await taskAvailability(entry, store)) === 'present'
  ) {
    // Every file was already in place and matched its checksum.
    return { task, dataDir, status: 'present', files, unpacked };
  }
  if (source.unpack === 'lra') {
    const prefixes = LRA_MEMBER_PREFIXES[task] ?? [];
    unpacked = await unpackLra(
      join(dataDir, 'lra', 'lra_release.gz'),
      join(dataDir, 'lra'),
      prefixes,
      options.onUnpack,
    );
  }
  return { task, dataDir, status: 'downloaded', files, unpacked };
}

/**
 * True when the task can be used without touching the network: its unpacked files are there (LRA:
 * the archive may have been deleted), or every file was found outside the data folder (a system
 * folder such as Debian's). Files in the data folder itself are re-verified by their checksum.
 */
async function presentWithoutDownload(
  entry: DatasetEntry,
  store: NodeDataStore,
  dataDir: string,
  unpacks: boolean,
): Promise<boolean> {
  if ((await taskAvailability(entry, store)) !== 'present') return false;
  if (unpacks) return true;
  const found = await Promise.all((entry.files ?? []).map((file) => store.find(file.candidates)));
  return found.every((path) => path !== undefined && !path.startsWith(dataDir + sep));
}

function offlineMessage(
  task: string,
  source: DataSourceId,
  dataDir: string,
  detail: string,
): string {
  const spec = DATA_SOURCES[source];
  const targets = spec.files
    .map((file) => `  ${join(dataDir, ...file.file.split('/'))}  <-  ${file.urls[0]}`)
    .join('\n');
  return (
    `no network: ${detail}\n` +
    `To install '${task}' by hand, download on a connected machine and place:\n${targets}\n` +
    `(${spec.manual.replace(/<data dir>/g, dataDir)})`
  );
}
