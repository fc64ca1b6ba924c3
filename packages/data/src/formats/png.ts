/**
 * Greyscale pixels from a PNG (Pathfinder), decoded by fast-png. Colour images are converted
 * with Pillow's `convert('L')` integer luma, which the reference applies to every image; 16-bit
 * samples keep their high byte. A light walk over the chunk headers first locates truncation.
 */
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import { DataFormatError } from '../errors.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A decoded greyscale image, `pixels [height, width]` u8 row-major. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/**
 * Decodes a PNG to 8-bit grey.
 *
 * @param file - named in errors
 * @throws DataFormatError naming the file and byte of a bad signature, a truncated chunk or a
 *   decoder failure.
 */
export function decodeGrayPng(bytes: Uint8Array, file: string): GrayImage {
  checkChunks(bytes, file);
  let png: ReturnType<typeof decodePng>;
  try {
    png = decodePng(bytes, { checkCrc: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataFormatError(file, { byte: 8 }, `PNG decoder failed: ${reason}`);
  }
  const { width, height, depth } = png;
  let data = png.data;
  let channels = png.channels;
  if (png.palette) {
    data = convertIndexedToRgb(png);
    channels = png.palette[0]?.length ?? 3;
  }
  if (depth !== 8 && depth !== 16 && !png.palette) {
    throw new DataFormatError(
      file,
      { byte: 24 },
      `unsupported bit depth ${depth} (expected 8 or 16)`,
    );
  }
  const shift = depth === 16 && !png.palette ? 8 : 0;
  const pixels = new Uint8Array(width * height);
  for (let p = 0; p < width * height; p++) {
    const at = p * channels;
    if (channels <= 2) {
      pixels[p] = data[at]! >> shift;
    } else {
      const r = data[at]! >> shift;
      const g = data[at + 1]! >> shift;
      const b = data[at + 2]! >> shift;
      pixels[p] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }
  }
  return { width, height, pixels };
}

function checkChunks(bytes: Uint8Array, file: string): void {
  if (bytes.length < 8 || SIGNATURE.some((value, i) => bytes[i] !== value)) {
    throw new DataFormatError(file, { byte: 0 }, 'not a PNG file (bad signature)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) {
      throw new DataFormatError(file, { byte: offset }, 'truncated PNG chunk header');
    }
    const length = view.getUint32(offset, false);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > bytes.length) {
      throw new DataFormatError(file, { byte: offset }, `truncated PNG chunk '${type}'`);
    }
    offset += 12 + length;
    if (type === 'IEND') return;
  }
  throw new DataFormatError(file, { byte: bytes.length }, 'PNG ends without an IEND chunk');
}
