import { describe, expect, it } from 'vitest';
import { gzip } from '../__fixtures__/archives.js';
import { writeIdxImages, writeIdxLabels } from '../__fixtures__/formats.js';
import { DataFormatError } from '../errors.js';
import { parseIdx } from './idx.js';

describe('parseIdx', () => {
  const pixels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
  const images = writeIdxImages(2, 3, 4, pixels);

  it('reads image and label files, gzip or not', async () => {
    for (const bytes of [images, gzip(images)]) {
      const parsed = await parseIdx(bytes, 'x-images');
      expect(parsed).toMatchObject({ kind: 'images', count: 2, rows: 3, cols: 4 });
      expect(parsed.kind === 'images' && [...parsed.pixels]).toEqual([...pixels]);
    }
    const labels = await parseIdx(gzip(writeIdxLabels([7, 0, 9])), 'x-labels.gz');
    expect(labels.kind === 'labels' && [...labels.labels]).toEqual([7, 0, 9]);
  });

  it('names the file and byte of a bad magic, a truncation or trailing bytes', async () => {
    const bad = images.slice();
    bad[3] = 0x02;
    await expect(parseIdx(bad, 'bad.idx')).rejects.toThrow(
      /^bad\.idx: at byte 0: bad IDX magic number 0x00000802/,
    );
    await expect(parseIdx(images.subarray(0, 30), 'cut.idx')).rejects.toThrow(
      /^cut\.idx: at byte 30: truncated: the header announces 2 images of 3×4 \(40 bytes in all\)/,
    );
    const longer = new Uint8Array(images.length + 2);
    longer.set(images);
    await expect(parseIdx(longer, 'long.idx')).rejects.toThrow(
      /long\.idx: at byte 40: 2 unexpected bytes/,
    );
    await expect(parseIdx(images.subarray(0, 5), 'tiny.idx')).rejects.toThrow(
      /tiny\.idx: at byte 5: truncated IDX header/,
    );
    const error = await parseIdx(gzip(images).subarray(0, 25), 'cut.gz').catch((e: unknown) => e);
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(
      /cut\.gz: at byte \d+: (corrupt or truncated gzip data|truncated)/,
    );
  });
});
