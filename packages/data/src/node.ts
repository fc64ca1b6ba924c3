/**
 * @olrd/data/node: the Node-only side of the data layer: the data folder, the file-system data
 * store, the tar reader (tar-stream), verified resumable downloads, LRA unpacking and local
 * availability.
 */
export { resolveDataDir } from './node/data-dir.js';
export { createNodeDataStore } from './node/node-data-store.js';
export type { NodeDataStore, NodeDataStoreOptions } from './node/node-data-store.js';
export { useNodeDataStore } from './node/use-node-data-store.js';
export { readTarMembers } from './node/tar.js';
export { sha256File } from './node/sha256-file.js';
export { writeFileAtomic } from './node/write-file-atomic.js';
export { DownloadError, isUnreachable } from './node/download-error.js';
export type { DownloadErrorKind } from './node/download-error.js';
export { downloadFile } from './node/download-file.js';
export type {
  DownloadFileOptions,
  DownloadProgress,
  DownloadResult,
} from './node/download-file.js';
export { recordChecksum, recordedChecksum } from './node/checksum-records.js';
export type { ChecksumRecord } from './node/checksum-records.js';
export { lraMemberTarget, unpackLra } from './node/lra-unpack.js';
export type { UnpackProgress } from './node/lra-unpack.js';
export { taskAvailability } from './node/task-status.js';
export type { TaskAvailability } from './node/task-status.js';
export { downloadTask } from './node/download-task.js';
export type { DownloadTaskOptions, DownloadTaskResult } from './node/download-task.js';
