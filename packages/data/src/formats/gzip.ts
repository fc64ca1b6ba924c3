/**
 * gzip detection and decompression with fflate. Input is fed in slices so that a corrupt or
 * truncated stream is reported at the compressed byte where inflation failed.
 */
import { Gunzip } from 'fflate';
import { DataFormatError } from '../errors.js';

const SLICE = 1 << 18;

/** True when `bytes` starts with the gzip magic number `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Bytes in slices of at most `size` (views, no copies). */
export async function* sliceBytes(bytes: Uint8Array, size = SLICE): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) {
    yield bytes.subarray(start, Math.min(start + size, bytes.length));
  }
}

/**
 * Inflates a gzip stream chunk by chunk, handing each decompressed chunk to `onChunk` with the
 * compressed bytes consumed so far (it may be async: the next chunk is inflated only after it
 * settles, so memory stays bounded). Works on a whole file or on a file stream.
 *
 * @param file - named in errors
 * @throws DataFormatError naming `file` and the compressed byte offset of a corrupt or truncated
 *   stream, including a trailer whose recorded size disagrees with the inflated size.
 */
export async function inflateGzip(
  input: Uint8Array | AsyncIterable<Uint8Array>,
  file: string,
  onChunk: (chunk: Uint8Array, compressedOffset: number) => void | Promise<void>,
): Promise<void> {
  const chunks = input instanceof Uint8Array ? sliceBytes(input) : input;
  let pending: Uint8Array[] = [];
  let total = 0;
  let consumed = 0;
  let tail: Uint8Array = new Uint8Array(0);
  const gunzip = new Gunzip((chunk) => void pending.push(chunk));
  const push = async (chunk: Uint8Array, final: boolean) => {
    try {
      gunzip.push(chunk, final);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const byte = /unexpected EOF/i.test(reason) ? consumed + chunk.length : consumed;
      throw new DataFormatError(file, { byte }, `corrupt or truncated gzip data (${reason})`);
    }
    consumed += chunk.length;
    const ready = pending;
    pending = [];
    for (const out of ready) {
      total += out.length;
      await onChunk(out, consumed);
    }
  };
  // One chunk of look-ahead tells fflate which push is the last.
  let previous: Uint8Array | undefined;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    if (previous) await push(previous, false);
    previous = chunk;
    tail = concatTail(tail, chunk);
  }
  if (!previous || consumed + previous.length < 18) {
    throw new DataFormatError(
      file,
      { byte: consumed + (previous?.length ?? 0) },
      'truncated gzip file',
    );
  }
  await push(previous, true);
  // fflate does not notice every truncation; the trailer's size field does. Every dataset archive
  // here is single-member, so the trailer records the whole inflated size (mod 2^32).
  const recorded = new DataView(tail.buffer, tail.byteOffset).getUint32(tail.length - 4, true);
  if (recorded !== total % 2 ** 32) {
    throw new DataFormatError(
      file,
      { byte: consumed },
      `corrupt or truncated gzip data: the trailer records ${recorded} bytes but ${total} were inflated`,
    );
  }
}

function concatTail(tail: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (chunk.length >= 4) return chunk.subarray(chunk.length - 4);
  const joined = new Uint8Array(tail.length + chunk.length);
  joined.set(tail);
  joined.set(chunk, tail.length);
  return joined.subarray(Math.max(0, joined.length - 4));
}

/**
 * Decompresses a whole gzip file into memory.
 *
 * @throws DataFormatError as {@link inflateGzip}.
 */
export async function gunzipBytes(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  await inflateGzip(bytes, file, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Returns `bytes` itself, or its decompression when it is gzip.
 *
 * @throws DataFormatError as {@link gunzipBytes}.
 */
export async function maybeGunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzipBytes(bytes, file) : bytes;
}
