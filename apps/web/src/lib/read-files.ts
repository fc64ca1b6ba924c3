/** Reads picked files into memory (bytes travel to the worker with the start message). */
import type { FileInput } from '../protocol.js';

export async function readFiles(files: readonly File[]): Promise<FileInput[]> {
  return Promise.all(
    files.map(async (file) => ({
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}
