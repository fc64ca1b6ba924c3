import { describe, expect, it } from 'vitest';
import { writePng } from '../__fixtures__/formats.js';
import { decodeGrayPng } from './png.js';
import { parsePathfinderMetadata } from './pathfinder-metadata.js';

describe('decodeGrayPng', () => {
  it('decodes 8-bit grey, and colour through the Pillow luma', () => {
    const grey = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    expect(decodeGrayPng(writePng(4, 3, grey), 'g.png')).toEqual({
      width: 4,
      height: 3,
      pixels: grey,
    });
    const rgb = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30);
    // Pillow: L = (R·19595 + G·38470 + B·7471 + 0x8000) >> 16
    expect([...decodeGrayPng(writePng(2, 2, rgb, 3), 'c.png').pixels]).toEqual([76, 150, 29, 18]);
  });

  it('names the file and byte of a bad signature or a truncated chunk', () => {
    const png = writePng(4, 3, new Uint8Array(12));
    expect(() => decodeGrayPng(new Uint8Array(0), 'empty.png')).toThrow(
      /^empty\.png: at byte 0: not a PNG file/,
    );
    expect(() => decodeGrayPng(png.subarray(0, png.length - 20), 'cut.png')).toThrow(
      /^cut\.png: at byte \d+: truncated PNG chunk/,
    );
    const corrupt = png.slice();
    corrupt[40] = corrupt[40]! ^ 0xff;
    expect(() => decodeGrayPng(corrupt, 'crc.png')).toThrow(
      /^crc\.png: at byte 8: PNG decoder failed/,
    );
  });
});

describe('parsePathfinderMetadata', () => {
  it('reads folder, file and label (field 3), skipping blank lines', () => {
    const text = 'imgs/0 sample_0.png 0 1 5 6\nimgs/0 sample_1.png 0 0 5 6\n\n';
    expect(parsePathfinderMetadata(text, '0.npy')).toEqual([
      { image: 'imgs/0/sample_0.png', label: 1 },
      { image: 'imgs/0/sample_1.png', label: 0 },
    ]);
  });

  it('names the file and line of a bad record', () => {
    expect(() => parsePathfinderMetadata('imgs/0 a.png 0 1\nimgs/0 b.png\n', '3.npy')).toThrow(
      /^3\.npy: line 2: expected at least 4 whitespace-separated fields/,
    );
    expect(() => parsePathfinderMetadata('imgs/0 a.png 0 7\n', '3.npy')).toThrow(
      /^3\.npy: line 1: label \(field 3\) must be 0 or 1/,
    );
  });
});
