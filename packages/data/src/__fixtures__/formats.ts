// Test fixtures written in the datasets' real formats (IDX, CIFAR-10 binary, PNG). Not shipped.
import { encode as encodePng } from 'fast-png';

/** An IDX u8 image file: magic 0x00000803, count, rows, cols, pixels. */
export function writeIdxImages(
  count: number,
  rows: number,
  cols: number,
  pixels: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(16 + pixels.length);
  const view = new DataView(out.buffer);
  [0x803, count, rows, cols].forEach((value, i) => view.setUint32(4 * i, value, false));
  out.set(pixels, 16);
  return out;
}

/** An IDX u8 label file: magic 0x00000801, count, labels. */
export function writeIdxLabels(labels: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(8 + labels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x801, false);
  view.setUint32(4, labels.length, false);
  out.set(Array.from(labels), 8);
  return out;
}

/** Deterministic pseudo-random bytes (not a PRNG under test: just varied content). */
export function fixtureBytes(length: number, salt = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 131 + salt * 17 + ((i * i) >> 3)) & 0xff);
}

/** A CIFAR-10 binary batch: per record a label byte then R, G, B planes (1024 bytes each). */
export function writeCifarBatch(
  labels: ArrayLike<number>,
  pixel: (record: number, channel: number, p: number) => number,
): Uint8Array {
  const out = new Uint8Array(labels.length * 3073);
  for (let i = 0; i < labels.length; i++) {
    out[i * 3073] = labels[i]!;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) out[i * 3073 + 1 + c * 1024 + p] = pixel(i, c, p) & 0xff;
    }
  }
  return out;
}

/** An 8-bit PNG (grey by default) written by fast-png's encoder. */
export function writePng(
  width: number,
  height: number,
  data: Uint8Array,
  channels = 1,
): Uint8Array {
  return encodePng({ width, height, data, depth: 8, channels });
}
