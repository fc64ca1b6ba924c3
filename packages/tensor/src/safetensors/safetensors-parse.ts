/**
 * Reads safetensors bytes and validates the header strictly: the header length fits the file,
 * the header is a JSON object, `__metadata__` maps strings to strings, every tensor entry has
 * exactly `dtype`/`shape`/`data_offsets` with a supported dtype, its byte span equals
 * shape-size × dtype-size, and the spans tile the data section contiguously from 0 to its end.
 */
import { CheckpointError } from './checkpoint-error.js';
import { swapBytes } from './safetensors-serialize.js';
import {
  SAFETENSORS_DTYPE_BYTES,
  formatShape,
  shapeSize,
  type SafetensorsDtype,
  type SafetensorsFile,
  type SafetensorsTensor,
} from './safetensors-types.js';

const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface HeaderEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

function fail(message: string): never {
  throw new CheckpointError(`invalid safetensors file: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) fail(`${bytes.length} bytes is too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    fail(
      `header length ${headerLength} exceeds the file (${bytes.length} bytes) or the 100 MB limit`,
    );
  }
  const dataStart = 8 + Number(headerLength);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart));
  } catch {
    fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail('the header does not start with "{"');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    fail(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) fail('the header is not a JSON object');
  return { header, dataStart };
}

/**
 * A record without a prototype: a name such as `__proto__` or `constructor` is then an ordinary
 * key (on a `{}` assigning `__proto__` replaces the prototype and the entry vanishes, and looking
 * up a missing `constructor` finds Object's), so every name in the file round-trips.
 */
function emptyRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

function readMetadata(value: unknown): Record<string, string> {
  const metadata = emptyRecord<string>();
  if (value === undefined) return metadata;
  if (!isRecord(value)) fail('__metadata__ must be an object of strings');
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') fail(`__metadata__ value '${key}' must be a string`);
    metadata[key] = entry;
  }
  return metadata;
}

function readEntry(name: string, value: unknown): HeaderEntry {
  if (!isRecord(value)) fail(`tensor '${name}': entry must be an object`);
  const keys = Object.keys(value).sort().join(',');
  if (keys !== 'data_offsets,dtype,shape') {
    fail(`tensor '${name}': entry must have exactly dtype, shape, data_offsets (found ${keys})`);
  }
  const { shape, data_offsets: offsets } = value;
  const dtype = value.dtype as SafetensorsDtype;
  if (typeof dtype !== 'string' || !Object.hasOwn(SAFETENSORS_DTYPE_BYTES, dtype)) {
    fail(
      `tensor '${name}': dtype ${JSON.stringify(dtype)} is not supported (olrd reads ${Object.keys(SAFETENSORS_DTYPE_BYTES).join(', ')})`,
    );
  }
  const isIndex = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    fail(`tensor '${name}': shape must be an array of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    fail(`tensor '${name}': data_offsets must be [begin, end] non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  const expectedBytes = shapeSize(shape) * SAFETENSORS_DTYPE_BYTES[dtype];
  if (end < begin || end - begin !== expectedBytes) {
    fail(
      `tensor '${name}': shape ${formatShape(shape)} as ${dtype} needs ${expectedBytes} bytes, ` +
        `data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin, end };
}

/** The tensor of `dtype` over `buffer` (a fresh copy of its bytes, so aligned for any width). */
function typedTensor(
  dtype: SafetensorsDtype,
  shape: readonly number[],
  buffer: ArrayBuffer,
): SafetensorsTensor {
  switch (dtype) {
    case 'F32':
      return { dtype, shape, data: new Float32Array(buffer) };
    case 'I32':
      return { dtype, shape, data: new Int32Array(buffer) };
    case 'F16':
    case 'BF16':
      return { dtype, shape, data: new Uint16Array(buffer) };
    case 'F64':
      return { dtype, shape, data: new Float64Array(buffer) };
  }
}

function checkContiguous(entries: HeaderEntry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const entry of sorted) {
    if (entry.begin !== cursor) {
      fail(
        `tensor '${entry.name}' starts at byte ${entry.begin}, expected ${cursor} (gap or overlap)`,
      );
    }
    cursor = entry.end;
  }
  if (cursor !== dataLength) {
    fail(`tensors cover ${cursor} bytes but the data section has ${dataLength}`);
  }
}

/**
 * Parses safetensors bytes. The returned arrays are fresh copies (not views of `bytes`). The
 * `tensors` and `metadata` records have no prototype, so every name in the file, `__proto__`
 * included, is kept as an ordinary key (and a missing name reads as `undefined`).
 *
 * @throws CheckpointError describing the first problem found (with the tensor name when there is one).
 */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  const { header, dataStart } = readHeader(bytes);
  const metadata = readMetadata(header.__metadata__);
  const entries = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, value]) => readEntry(name, value));
  checkContiguous(entries, bytes.length - dataStart);
  const tensors = emptyRecord<SafetensorsTensor>();
  for (const entry of entries) {
    const raw = bytes.slice(dataStart + entry.begin, dataStart + entry.end);
    if (!littleEndianHost) swapBytes(raw, 0, raw.length, SAFETENSORS_DTYPE_BYTES[entry.dtype]);
    tensors[entry.name] = typedTensor(entry.dtype, entry.shape, raw.buffer);
  }
  return { tensors, metadata };
}
