/**
 * "Trust on first download" records for files without a published checksum (the LRA archive):
 * `<data dir>/checksums.json` keeps the SHA-256 of the first complete download of each such file;
 * later downloads (and resumed ones) must match it. Delete the entry to accept a new upstream file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './write-file-atomic.js';

/** One recorded checksum. */
export interface ChecksumRecord {
  readonly sha256: string;
  readonly bytes: number;
  readonly url: string;
  readonly recordedAt: string;
}

interface RecordsFile {
  readonly note: string;
  readonly files: Record<string, ChecksumRecord>;
}

const NOTE =
  'SHA-256 of files that have no published checksum, recorded on their first complete download ' +
  '(trust on first download). Later downloads must match; delete an entry to accept a new file.';

const recordsPath = (dataDir: string) => join(dataDir, 'checksums.json');

async function readRecords(dataDir: string): Promise<RecordsFile> {
  try {
    const parsed = JSON.parse(await readFile(recordsPath(dataDir), 'utf8')) as Partial<RecordsFile>;
    return { note: NOTE, files: parsed.files ?? {} };
  } catch {
    return { note: NOTE, files: {} };
  }
}

/** The recorded checksum of `file` (a data-folder-relative path), if any. */
export async function recordedChecksum(
  dataDir: string,
  file: string,
): Promise<ChecksumRecord | undefined> {
  return (await readRecords(dataDir)).files[file];
}

/** Records the checksum of `file`'s first complete download. */
export async function recordChecksum(
  dataDir: string,
  file: string,
  record: ChecksumRecord,
): Promise<void> {
  const records = await readRecords(dataDir);
  records.files[file] = record;
  await writeFileAtomic(recordsPath(dataDir), `${JSON.stringify(records, null, 2)}\n`);
}
