import { describe, expect, it } from 'vitest';
import { writeCifarBatch } from '../__fixtures__/formats.js';
import { parseCifarBatch } from './cifar-binary.js';

describe('parseCifarBatch', () => {
  const bytes = writeCifarBatch(
    [3, 9],
    (record, channel, p) => record * 100 + channel * 10 + (p % 7),
  );

  it('reads labels and the R, G, B planes of each record', () => {
    const batch = parseCifarBatch(bytes, 'data_batch_1.bin');
    expect(batch.count).toBe(2);
    expect([...batch.labels]).toEqual([3, 9]);
    expect(batch.planes[0]).toBe(0);
    expect(batch.planes[1024 + 3]).toBe(13);
    expect(batch.planes[3072 + 2048 + 5]).toBe(125);
  });

  it('names the file and byte of a truncated record or a bad label', () => {
    expect(() => parseCifarBatch(bytes.subarray(0, 5000), 'b.bin')).toThrow(
      /^b\.bin: at byte 3073: truncated record: the file has 5000 bytes/,
    );
    const bad = bytes.slice();
    bad[3073] = 12;
    expect(() => parseCifarBatch(bad, 'b.bin')).toThrow(
      /^b\.bin: at byte 3073: record 1: label 12 is not in 0–9/,
    );
  });
});
