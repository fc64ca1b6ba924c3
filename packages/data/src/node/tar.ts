/**
 * Reading members out of a tar archive, optionally gzip-compressed (`.tar.gz`, the LRA
 * `lra_release.gz`), with tar-stream and fflate: the archive is inflated slice by slice and only
 * the wanted members are kept in memory. Node-only (tar-stream needs Node's `events`); tasks of
 * the main entry reach it through the hook in `store/tar-reader.ts`.
 */
import { extract as createExtract, type Extract } from 'tar-stream';
import { DataFormatError } from '../errors.js';
import { inflateGzip, isGzip, sliceBytes } from '../formats/gzip.js';
import type { TarMemberHandler } from '../store/tar-reader.js';

const SLICE = 1 << 20;

/**
 * Streams `archive` (whole bytes, or chunks such as a file stream) and hands each regular-file
 * member whose name `want` accepts to `onMember`. gzip is detected from the first bytes.
 *
 * @param file - named in errors
 * @throws DataFormatError naming the file and the (compressed) byte offset for a corrupt or
 *   truncated archive; errors thrown by `onMember` propagate unchanged.
 */
export async function readTarMembers(
  archive: Uint8Array | AsyncIterable<Uint8Array>,
  file: string,
  want: (name: string) => boolean,
  onMember: TarMemberHandler,
): Promise<void> {
  const extract = createExtract();
  let fed = 0;
  let handlerError: unknown;
  const consuming = (async () => {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      if (type !== 'file' || !want(name)) {
        entry.resume();
        continue;
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of entry) chunks.push(chunk as Uint8Array);
      try {
        await onMember(name, concatenate(chunks));
      } catch (error) {
        handlerError = error;
        throw error;
      }
    }
  })();
  // Surface the consumer's failure even while the feeder waits for 'drain'.
  const consumed = consuming.then(
    () => undefined,
    (error: unknown) => {
      extract.destroy();
      return error ?? new Error('tar extraction failed');
    },
  );
  const feedError = await feed(extract, archive, file, (count) => (fed = count)).catch(
    (error: unknown) => error,
  );
  if (handlerError !== undefined) throw handlerError;
  if (DataFormatError.isInstance(feedError)) {
    // The inflater failed: stop the reader without waiting for it (a half-read member never ends).
    extract.destroy();
    throw feedError;
  }
  const consumeError = await consumed;
  if (handlerError !== undefined) throw handlerError;
  const failure = consumeError ?? feedError;
  if (failure !== undefined) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new DataFormatError(file, { byte: fed }, `corrupt or truncated tar archive (${reason})`);
  }
}

async function feed(
  extract: Extract,
  archive: Uint8Array | AsyncIterable<Uint8Array>,
  file: string,
  progress: (bytes: number) => void,
): Promise<void> {
  const write = async (chunk: Uint8Array) => {
    if (extract.destroyed) throw new Error('the archive reader stopped');
    if (!extract.write(chunk)) await drained(extract);
  };
  const chunks = archive instanceof Uint8Array ? sliceBytes(archive, SLICE) : archive;
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new DataFormatError(file, { byte: 0 }, 'empty archive');
  const replay = (async function* () {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  })();
  if (isGzip(first.value)) {
    await inflateGzip(replay, file, async (chunk, compressedOffset) => {
      progress(compressedOffset);
      await write(chunk);
    });
  } else {
    let offset = 0;
    for await (const chunk of replay) {
      await write(chunk);
      offset += chunk.length;
      progress(offset);
    }
  }
  extract.end(undefined);
}

function drained(extract: Extract): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      extract.off('drain', done);
      extract.off('close', done);
      resolve();
    };
    extract.on('drain', done);
    extract.on('close', done);
  });
}

function concatenate(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
