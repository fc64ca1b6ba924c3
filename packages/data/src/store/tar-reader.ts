/**
 * How file-backed tasks read tar archives (IMDB's `aclImdb_v1.tar.gz`, CIFAR-10's
 * `cifar-10-binary.tar.gz`). The reader itself (tar-stream over fflate) lives in
 * `@olrd/data/node`: tar-stream needs Node's `events`, which browsers lack, so the main entry only
 * holds this hook and stays browser-safe. `useNodeDataStore()` installs the Node reader; an app
 * with its own tar reader (or a bundler shim for `events`) can install that instead.
 */
import { DatasetOptionsError } from '../errors.js';

/** Called for every wanted member; may be async (the archive is paused until it settles). */
export type TarMemberHandler = (name: string, bytes: Uint8Array) => void | Promise<void>;

/**
 * Streams `archive` (whole bytes, or chunks such as a file stream) and hands each regular-file
 * member whose name `want` accepts to `onMember`; `file` names the archive in errors. The shape of
 * `readTarMembers` from `@olrd/data/node`.
 */
export type TarReader = (
  archive: Uint8Array | AsyncIterable<Uint8Array>,
  file: string,
  want: (name: string) => boolean,
  onMember: TarMemberHandler,
) => Promise<void>;

// On globalThis, like the default data store, so every copy of this package shares it.
const readerKey = Symbol.for('olrd.data.tarReader');

/**
 * Installs the tar reader that tasks use for `.tar`/`.tar.gz` sources (pass undefined to remove
 * it). `useNodeDataStore()` from `@olrd/data/node` installs `readTarMembers`.
 *
 * @example
 * ```ts
 * import { loadDataset, setTarReader } from '@olrd/data';
 * import { readTarMembers } from '@olrd/data/node';
 * setTarReader(readTarMembers);
 * const imdb = await loadDataset('imdb', { store });
 * ```
 */
export function setTarReader(reader: TarReader | undefined): void {
  (globalThis as { [readerKey]?: TarReader })[readerKey] = reader;
}

/**
 * The installed tar reader.
 *
 * @param archive - the archive about to be read, named in the error
 * @throws DatasetOptionsError when none is installed, saying how to install one.
 */
export function requireTarReader(archive: string): TarReader {
  const reader = (globalThis as { [readerKey]?: TarReader })[readerKey];
  if (!reader) {
    throw new DatasetOptionsError(
      `${archive} is a tar archive and no tar reader is installed: in Node call ` +
        `useNodeDataStore() (or setTarReader(readTarMembers)) from '@olrd/data/node' ` +
        `(the olrd CLI does); the browser entry has none because tar-stream needs Node's 'events'`,
    );
  }
  return reader;
}
