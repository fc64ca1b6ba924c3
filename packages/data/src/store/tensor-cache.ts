/**
 * The preprocessed-tensor cache format (spec 3 "Preprocessing caches"): an 8-byte magic
 * `OLRDDC1\n`, a u32 little-endian header length, a JSON header naming the recipe, the source
 * files' checksums, free-form metadata and the arrays, then the arrays' bytes (8-byte aligned,
 * little endian as typed arrays are on every platform JavaScript runs on).
 */
import { DataFormatError } from '../errors.js';

/** The array types a cache holds. */
export type CacheArray = Uint8Array | Uint16Array | Int32Array | Float32Array;

/** A JSON value (recipes and metadata). */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One source file the cache was built from. */
export interface CacheSource {
  /** Where it was found (for people; not compared). */
  readonly path: string;
  /** Its SHA-256 (or another stable fingerprint), compared on load. */
  readonly sha256: string;
}

/** The decoded header and arrays of a cache blob. */
export interface TensorCache {
  readonly recipe: JsonValue;
  readonly sources: readonly CacheSource[];
  readonly meta: JsonValue;
  readonly arrays: Readonly<Record<string, CacheArray>>;
}

const MAGIC = 'OLRDDC1\n';
const DTYPES = { u8: Uint8Array, u16: Uint16Array, i32: Int32Array, f32: Float32Array } as const;
type DtypeName = keyof typeof DTYPES;

function dtypeOf(array: CacheArray): DtypeName {
  if (array instanceof Uint8Array) return 'u8';
  if (array instanceof Uint16Array) return 'u16';
  if (array instanceof Int32Array) return 'i32';
  return 'f32';
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Serialises a cache. */
export function encodeTensorCache(cache: TensorCache): Uint8Array {
  let offset = 0;
  const entries = Object.entries(cache.arrays).map(([name, array]) => {
    const entry = { name, dtype: dtypeOf(array), length: array.length, offset };
    offset = align8(offset + array.byteLength);
    return entry;
  });
  const header = new TextEncoder().encode(
    JSON.stringify({
      recipe: cache.recipe,
      sources: cache.sources,
      meta: cache.meta,
      arrays: entries,
    }),
  );
  const dataStart = align8(12 + header.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  for (const entry of entries) {
    const array = cache.arrays[entry.name]!;
    out.set(
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
      dataStart + entry.offset,
    );
  }
  return out;
}

/**
 * Reads a cache blob.
 *
 * @param file - named in errors
 * @throws DataFormatError naming the file and byte of a bad magic, a bad header or a truncated body.
 */
export function decodeTensorCache(bytes: Uint8Array, file: string): TensorCache {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new DataFormatError(file, { byte: 0 }, 'not an olrd data cache (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) {
    throw new DataFormatError(file, { byte: bytes.length }, 'truncated cache header');
  }
  let header: {
    recipe: JsonValue;
    sources: CacheSource[];
    meta: JsonValue;
    arrays: Array<{ name: string; dtype: DtypeName; length: number; offset: number }>;
  };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch (error) {
    throw new DataFormatError(file, { byte: 12 }, `bad cache header (${(error as Error).message})`);
  }
  const dataStart = align8(12 + headerLength);
  const arrays: Record<string, CacheArray> = {};
  for (const entry of header.arrays) {
    const Type = DTYPES[entry.dtype];
    if (!Type) throw new DataFormatError(file, { byte: 12 }, `unknown dtype '${entry.dtype}'`);
    const start = dataStart + entry.offset;
    const byteLength = entry.length * Type.BYTES_PER_ELEMENT;
    if (start + byteLength > bytes.length) {
      throw new DataFormatError(file, { byte: bytes.length }, `truncated array '${entry.name}'`);
    }
    // A copy: the blob's buffer may be shared or misaligned for the element size.
    const copy = new Uint8Array(byteLength);
    copy.set(bytes.subarray(start, start + byteLength));
    arrays[entry.name] = new Type(copy.buffer, 0, entry.length);
  }
  return { recipe: header.recipe, sources: header.sources, meta: header.meta, arrays };
}
