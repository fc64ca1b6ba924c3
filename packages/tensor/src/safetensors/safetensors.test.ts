import { describe, expect, it } from 'vitest';
import { CheckpointError } from './checkpoint-error.js';
import { parseSafetensors } from './safetensors-parse.js';
import { serializeSafetensors } from './safetensors-serialize.js';

/** Builds a file from a raw header object and a data section, bypassing the serializer's checks. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const text = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

describe('safetensors', () => {
  const tensors = {
    'encoder.kernel': {
      dtype: 'F32',
      shape: [2, 3],
      data: new Float32Array([1, 2, 3, 4, 5, -6.5]),
    },
    y: { dtype: 'I32', shape: [3], data: new Int32Array([0, 1, -7]) },
    scalar: { dtype: 'F32', shape: [], data: new Float32Array([3.25]) },
  } as const;

  it('round-trips float32, int32, scalars and metadata', () => {
    const bytes = serializeSafetensors(tensors, { config: '{"dModel":3}' });
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual({ config: '{"dModel":3}' });
    expect(Object.keys(file.tensors).sort()).toEqual(['encoder.kernel', 'scalar', 'y']);
    expect(file.tensors['encoder.kernel']).toEqual(tensors['encoder.kernel']);
    expect(file.tensors.y).toEqual(tensors.y);
    expect(file.tensors.scalar).toEqual(tensors.scalar);
  });

  it('writes the documented layout: u64 LE header length, aligned data, LE floats', () => {
    const bytes = serializeSafetensors({
      a: { dtype: 'F32', shape: [1], data: new Float32Array([1]) },
    });
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header).toEqual({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } });
    expect([...bytes.subarray(8 + headerLength)]).toEqual([0x00, 0x00, 0x80, 0x3f]);
  });

  it('reads a file written by another implementation (unsorted offsets, no metadata)', () => {
    const data = new Uint8Array(new Float32Array([7, 8, 9]).buffer);
    const file = parseSafetensors(
      rawFile(
        {
          b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        },
        data,
      ),
    );
    expect([...file.tensors.a!.data]).toEqual([7, 8]);
    expect([...file.tensors.b!.data]).toEqual([9]);
  });

  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['too short', new Uint8Array(4), /too short/],
    ['header past end', rawFile('{}').subarray(0, 9), /exceeds the file/],
    ['not JSON', rawFile('{nope'), /not valid JSON/],
    ['not an object', rawFile('[1]'), /does not start with "\{"/],
    [
      'bad metadata',
      rawFile({ __metadata__: { a: 1 } }),
      /__metadata__ value 'a' must be a string/,
    ],
    [
      'bad dtype',
      rawFile({ w: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)),
      /tensor 'w': dtype "U8" is not supported \(olrd reads F32, I32, F16, BF16, F64\)/,
    ],
    [
      'size mismatch',
      rawFile({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, new Uint8Array(12)),
      /tensor 'w': shape \[2, 2\] as F32 needs 16 bytes, data_offsets \[0, 12\] span 12/,
    ],
    [
      'gap',
      rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)),
      /tensor 'w' starts at byte 4, expected 0/,
    ],
    [
      'trailing bytes',
      rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8)),
      /cover 4 bytes but the data section has 8/,
    ],
    [
      'extra key',
      rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4], x: 1 } }, new Uint8Array(4)),
      /tensor 'w': entry must have exactly/,
    ],
    [
      'negative dim',
      rawFile({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /tensor 'w': shape must be/,
    ],
  ];
  it.each(cases)('rejects a malformed file: %s', (_, bytes, message) => {
    expect(() => parseSafetensors(bytes)).toThrow(message);
    try {
      parseSafetensors(bytes);
    } catch (error) {
      expect(CheckpointError.isInstance(error)).toBe(true);
    }
  });

  it("keeps a tensor named '__proto__' (and such metadata keys) through parse and serialise", () => {
    const data = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    // Header text, not an object literal: a literal's `__proto__:` would set its prototype.
    const header =
      '{"__metadata__":{"__proto__":"meta","note":"n"},' +
      '"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
      '"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    const bytes = rawFile(header, data);
    const file = parseSafetensors(bytes);
    expect(Object.keys(file.tensors).sort()).toEqual(['__proto__', 'w']);
    expect([...file.tensors['__proto__']!.data]).toEqual([1.5]);
    expect(Object.keys(file.metadata).sort()).toEqual(['__proto__', 'note']);
    expect(file.metadata['__proto__']).toBe('meta');
    // A name that is not in the file is missing, not inherited from Object.prototype.
    expect(file.tensors['constructor']).toBeUndefined();
    expect(file.metadata['toString']).toBeUndefined();
    const again = parseSafetensors(serializeSafetensors(file.tensors, file.metadata));
    expect(Object.keys(again.tensors).sort()).toEqual(['__proto__', 'w']);
    expect([...again.tensors['__proto__']!.data]).toEqual([1.5]);
    expect([...again.tensors.w!.data]).toEqual([-2]);
    expect(again.metadata['__proto__']).toBe('meta');
  });

  it('refuses to serialise data that does not match its shape', () => {
    expect(() =>
      serializeSafetensors({ w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }),
    ).toThrow(/tensor 'w': shape \[3\] needs 3 elements, data has 2/);
  });
});
