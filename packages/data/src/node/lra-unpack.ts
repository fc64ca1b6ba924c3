/**
 * Unpacking the parts of the LRA archive (`lra_release.gz`, a gzip-compressed tar of ≈7.7 GB) that
 * a task needs, streamed from disk: members under `listops-1000/`, `tsv_data/`, `pathfinder32/` or
 * `pathfinder128/` (at any depth: the release nests them under `lra_release/` once or twice) are
 * written below `<data dir>/lra/`. Each top folder is assembled in `lra/.unpacking/` and renamed
 * into place when complete, so an interrupted unpack never leaves a half folder behind.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readTarMembers } from './tar.js';

/** Progress of an unpack, for progress displays. */
export interface UnpackProgress {
  /** Members written so far. */
  readonly members: number;
  /** Compressed bytes read so far. */
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/**
 * The member's path from the first of `prefixes` on (e.g. `listops-1000/basic_train.tsv`), or
 * undefined when no prefix matches or the path is unsafe (`..`, absolute).
 */
export function lraMemberTarget(name: string, prefixes: readonly string[]): string | undefined {
  if (name.startsWith('/') || name.split('/').includes('..')) return undefined;
  for (const prefix of prefixes) {
    const at = name.startsWith(prefix) ? 0 : name.indexOf(`/${prefix}`) + 1;
    if (at > 0 || name.startsWith(prefix)) return name.slice(at);
  }
  return undefined;
}

/**
 * Extracts the members under `prefixes` from `archive` into `<lraFolder>/<prefix>…`.
 *
 * @returns the number of files written
 * @throws DataFormatError for a corrupt or truncated archive (nothing is moved into place then).
 */
export async function unpackLra(
  archive: string,
  lraFolder: string,
  prefixes: readonly string[],
  onProgress?: (progress: UnpackProgress) => void,
): Promise<number> {
  const staging = join(lraFolder, '.unpacking');
  await rm(staging, { recursive: true, force: true });
  const totalBytes = (await stat(archive)).size;
  let members = 0;
  let bytesRead = 0;
  const stream = (async function* () {
    for await (const chunk of createReadStream(archive, { highWaterMark: 1 << 20 })) {
      bytesRead += (chunk as Buffer).length;
      yield chunk as Uint8Array;
    }
  })();
  await readTarMembers(
    stream,
    archive,
    (name) => lraMemberTarget(name, prefixes) !== undefined,
    async (name, bytes) => {
      const target = join(staging, ...lraMemberTarget(name, prefixes)!.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
      members++;
      if (members % 1000 === 0) onProgress?.({ members, bytesRead, totalBytes });
    },
  );
  onProgress?.({ members, bytesRead: totalBytes, totalBytes });
  for (const prefix of prefixes) {
    const top = prefix.replace(/\/$/, '');
    const from = join(staging, top);
    if (!(await stat(from).catch(() => undefined))) continue;
    await rm(join(lraFolder, top), { recursive: true, force: true });
    await rename(from, join(lraFolder, top));
  }
  await rm(staging, { recursive: true, force: true });
  return members;
}
