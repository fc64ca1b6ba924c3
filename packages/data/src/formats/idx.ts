/**
 * The IDX format of MNIST and Fashion-MNIST (spec 3), optionally gzip-compressed: a big-endian
 * header, magic `0x00000803` (u8 images: count, rows, cols) or `0x00000801` (u8 labels: count),
 * then the bytes.
 */
import { DataFormatError } from '../errors.js';
import { isGzip, gunzipBytes } from './gzip.js';

/** Images `pixels [count, rows, cols]` u8, row-major. */
export interface IdxImages {
  readonly kind: 'images';
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly pixels: Uint8Array;
}

/** Labels `[count]` u8. */
export interface IdxLabels {
  readonly kind: 'labels';
  readonly count: number;
  readonly labels: Uint8Array;
}

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/**
 * Parses an IDX file (gzip or not).
 *
 * @param file - named in errors
 * @throws DataFormatError naming the file and byte for a bad magic number, a truncated header or
 *   body, or trailing bytes.
 */
export async function parseIdx(bytes: Uint8Array, file: string): Promise<IdxImages | IdxLabels> {
  if (isGzip(bytes)) return parseIdxBytes(await gunzipBytes(bytes, file), `${file} (decompressed)`);
  return parseIdxBytes(bytes, file);
}

/** {@link parseIdx} for bytes already decompressed. */
export function parseIdxBytes(bytes: Uint8Array, file: string): IdxImages | IdxLabels {
  if (bytes.length < 8) {
    throw new DataFormatError(file, { byte: bytes.length }, 'truncated IDX header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const count = view.getUint32(4, false);
  if (magic === LABELS_MAGIC) {
    checkLength(file, bytes.length, 8, count, `${count} labels`);
    return { kind: 'labels', count, labels: bytes.slice(8) };
  }
  if (magic === IMAGES_MAGIC) {
    if (bytes.length < 16) {
      throw new DataFormatError(file, { byte: bytes.length }, 'truncated IDX image header');
    }
    const rows = view.getUint32(8, false);
    const cols = view.getUint32(12, false);
    checkLength(file, bytes.length, 16, count * rows * cols, `${count} images of ${rows}×${cols}`);
    return { kind: 'images', count, rows, cols, pixels: bytes.slice(16) };
  }
  const hex = `0x${magic.toString(16).padStart(8, '0')}`;
  throw new DataFormatError(
    file,
    { byte: 0 },
    `bad IDX magic number ${hex} (expected 0x00000803 for u8 images or 0x00000801 for u8 labels)`,
  );
}

function checkLength(file: string, actual: number, header: number, body: number, what: string) {
  const expected = header + body;
  if (actual < expected) {
    throw new DataFormatError(
      file,
      { byte: actual },
      `truncated: the header announces ${what} (${expected} bytes in all), the data ends after ${actual}`,
    );
  }
  if (actual > expected) {
    throw new DataFormatError(
      file,
      { byte: expected },
      `${actual - expected} unexpected bytes after the ${what} the header announces`,
    );
  }
}
