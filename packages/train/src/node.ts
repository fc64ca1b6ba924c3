/**
 * @olrd/train/node: the Node-only side of training: atomic file writes, config files,
 * checkpoint files and run folders.
 */
// One atomic write for the workspace: @olrd/data's (temp sibling, fsync, rename).
export { writeFileAtomic } from '@olrd/data/node';
export { readConfigFile } from './node/config-file.js';
export {
  loadCheckpointFile,
  readBytes,
  readSafetensorsFile,
  saveCheckpointFile,
} from './node/checkpoint-file.js';
export type { ResumedRun, RunFolder } from './node/run-folder.js';
export {
  RUN_FILES,
  createRunFolder,
  defaultRunFolder,
  resumeRunFolder,
} from './node/run-folder.js';
export type { ClaimedRunFolder, LockOwner, RunFolderMode } from './node/claim-run-folder.js';
export {
  RUN_LOCK_FILE,
  claimRunFolder,
  createUniqueFolder,
  liveOwner,
} from './node/claim-run-folder.js';
export { claimNewRun, keepFirstLines } from './node/run-files.js';
