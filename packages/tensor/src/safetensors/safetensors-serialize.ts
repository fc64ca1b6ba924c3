/**
 * Writes safetensors bytes: an 8-byte little-endian header length, a JSON header (tensors sorted
 * by name, padded with spaces so the data starts 8-byte aligned), then the tensors' bytes in
 * header order, each little endian.
 */
import { CheckpointError } from './checkpoint-error.js';
import {
  SAFETENSORS_DTYPE_BYTES,
  formatShape,
  shapeSize,
  type SafetensorsTensor,
} from './safetensors-types.js';

const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Serialises tensors and string metadata to safetensors bytes.
 *
 * @param tensors - name → tensor; each `data.length` must equal the product of `shape`.
 * @param metadata - stored as `__metadata__`; values must be strings.
 * @throws CheckpointError naming the tensor when its data length does not match its shape.
 */
export function serializeSafetensors(
  tensors: Readonly<Record<string, SafetensorsTensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const names = Object.keys(tensors).sort();
  // No prototype, so a tensor named `__proto__` becomes a header entry (on a `{}` the assignment
  // would replace the prototype, JSON.stringify would drop the entry and the offsets of the
  // others would no longer tile the data section). Spreading copies `__proto__` keys as data.
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__')
      throw new CheckpointError(`'__metadata__' is not a valid tensor name`);
    const tensor = tensors[name]!;
    const expected = shapeSize(tensor.shape);
    if (
      !tensor.shape.every((d) => Number.isInteger(d) && d >= 0) ||
      tensor.data.length !== expected
    ) {
      throw new CheckpointError(
        `tensor '${name}': shape ${formatShape(tensor.shape)} needs ${expected} elements, data has ${tensor.data.length}`,
      );
    }
    const bytes = expected * SAFETENSORS_DTYPE_BYTES[tensor.dtype];
    header[name] = {
      dtype: tensor.dtype,
      shape: [...tensor.shape],
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  let headerText = JSON.stringify(header);
  const encoder = new TextEncoder();
  let headerBytes = encoder.encode(headerText);
  const padding = (8 - ((8 + headerBytes.length) % 8)) % 8;
  if (padding > 0) {
    headerText += ' '.repeat(padding);
    headerBytes = encoder.encode(headerText);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let cursor = 8 + headerBytes.length;
  for (const name of names) {
    const { data } = tensors[name]!;
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    out.set(raw, cursor);
    if (!littleEndianHost)
      swapBytes(out, cursor, data.byteLength, SAFETENSORS_DTYPE_BYTES[tensors[name]!.dtype]);
    cursor += data.byteLength;
  }
  return out;
}

/** Reverses the bytes of each `width`-byte element in place (only on big-endian hosts). */
export function swapBytes(bytes: Uint8Array, start: number, length: number, width: number): void {
  for (let i = start; i < start + length; i += width) bytes.subarray(i, i + width).reverse();
}
