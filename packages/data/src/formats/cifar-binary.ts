/**
 * The CIFAR-10 binary version (spec 3): records of 3073 bytes, one label byte (0–9) then the
 * 1024 red, 1024 green and 1024 blue bytes of a 32×32 image, each plane row-major.
 */
import { DataFormatError } from '../errors.js';

/** Bytes per CIFAR-10 record. */
export const CIFAR_RECORD_BYTES = 3073;
/** Pixels per CIFAR-10 image plane (32 × 32). */
export const CIFAR_PIXELS = 1024;

/** One parsed batch file: `labels [n]` and `planes [n, 3, 1024]` (channel planes, row-major). */
export interface CifarBatch {
  readonly count: number;
  readonly labels: Uint8Array;
  readonly planes: Uint8Array;
}

/**
 * Parses a CIFAR-10 binary batch (`data_batch_1.bin` … `test_batch.bin`).
 *
 * @param file - named in errors
 * @throws DataFormatError naming the file and byte of a truncated record or a label outside 0–9.
 */
export function parseCifarBatch(bytes: Uint8Array, file: string): CifarBatch {
  const count = Math.floor(bytes.length / CIFAR_RECORD_BYTES);
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD_BYTES !== 0) {
    throw new DataFormatError(
      file,
      { byte: count * CIFAR_RECORD_BYTES },
      `truncated record: the file has ${bytes.length} bytes, not a positive multiple of ${CIFAR_RECORD_BYTES}`,
    );
  }
  const labels = new Uint8Array(count);
  const planes = new Uint8Array(count * 3 * CIFAR_PIXELS);
  for (let i = 0; i < count; i++) {
    const start = i * CIFAR_RECORD_BYTES;
    const label = bytes[start]!;
    if (label > 9) {
      throw new DataFormatError(file, { byte: start }, `record ${i}: label ${label} is not in 0–9`);
    }
    labels[i] = label;
    planes.set(bytes.subarray(start + 1, start + CIFAR_RECORD_BYTES), i * 3 * CIFAR_PIXELS);
  }
  return { count, labels, planes };
}
