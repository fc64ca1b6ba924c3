import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';

describe('writeFileAtomic', () => {
  it('creates the folder, replaces the file whole and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olrd-atomic-'));
    const path = join(dir, 'deep', 'result.json');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, new TextEncoder().encode('second'));
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(join(dir, 'deep'))).toEqual(['result.json']);
  });

  it('keeps the old file and removes its temp file when the write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olrd-atomic-'));
    const path = join(dir, 'result.json');
    await writeFile(path, 'kept');
    // A folder cannot be renamed over by a file: the rename fails after the temp file was written.
    const target = join(dir, 'a-folder');
    await mkdir(target);
    await expect(writeFileAtomic(target, 'lost')).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('kept');
    expect((await readdir(dir)).sort()).toEqual(['a-folder', 'result.json']);
  });
});
