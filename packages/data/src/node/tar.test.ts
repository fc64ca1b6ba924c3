import { describe, expect, it } from 'vitest';
import { writeTar, writeTarGz } from '../__fixtures__/archives.js';
import { DataFormatError } from '../errors.js';
import { readTarMembers } from './tar.js';

async function members(archive: Uint8Array, want = (_: string) => true) {
  const found: Record<string, string> = {};
  await readTarMembers(archive, 'a.tar', want, (name, bytes) => {
    found[name] = new TextDecoder().decode(bytes);
  });
  return found;
}

describe('readTarMembers', () => {
  const files = { 'top/a.txt': 'alpha', 'top/skip.bin': 'x'.repeat(5000), 'top/b.txt': 'beta' };

  it('reads wanted members of plain and gzip-compressed archives', async () => {
    const want = (name: string) => name.endsWith('.txt');
    const expected = { 'top/a.txt': 'alpha', 'top/b.txt': 'beta' };
    expect(await members(await writeTar(files), want)).toEqual(expected);
    expect(await members(await writeTarGz(files), want)).toEqual(expected);
  });

  it('reports a truncated archive with the file and the byte reached', async () => {
    const tar = await writeTar(files);
    const cut = tar.subarray(0, 700);
    const error = await members(cut).catch((e: unknown) => e);
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/a\.tar: at byte 700: corrupt or truncated tar archive/);
    const gz = await writeTarGz(files);
    await expect(members(gz.subarray(0, gz.length - 30))).rejects.toThrow(
      /a\.tar: at byte \d+: corrupt or truncated gzip data/,
    );
  });

  it('propagates errors of the member handler unchanged', async () => {
    const tar = await writeTar(files);
    await expect(
      readTarMembers(
        tar,
        'a.tar',
        () => true,
        () => {
          throw new Error('handler says no');
        },
      ),
    ).rejects.toThrow('handler says no');
  });
});
