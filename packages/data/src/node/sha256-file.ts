/** Streaming SHA-256 of files (datasets are too large to hash in one buffer). */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Feeds the file's bytes (optionally only the first `limit`) into `hash`. */
export async function hashFileInto(hash: Hash, path: string, limit?: number): Promise<void> {
  if (limit === 0) return;
  const stream = createReadStream(path, limit === undefined ? {} : { end: limit - 1 });
  for await (const chunk of stream) hash.update(chunk as Buffer);
}

/** Lower-case hex SHA-256 of a file. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await hashFileInto(hash, path);
  return hash.digest('hex');
}
