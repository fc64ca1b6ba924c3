// Test fixtures in real formats: tar (written by tar-stream's packer) and gzip (fflate). Not shipped.
import { gzipSync } from 'fflate';
import { pack } from 'tar-stream';

/** A tar archive holding `files` (name → bytes or UTF-8 text), in the given order. */
export async function writeTar(files: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const packer = pack();
  const chunks: Uint8Array[] = [];
  const done = (async () => {
    for await (const chunk of packer) chunks.push(chunk as Uint8Array);
  })();
  for (const [name, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    await new Promise<void>((resolve, reject) =>
      packer.entry({ name, size: bytes.length }, bytes, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  packer.finalize();
  await done;
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** gzip-compressed bytes. */
export function gzip(bytes: Uint8Array | string): Uint8Array {
  return gzipSync(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
}

/** A gzip-compressed tar archive of `files`. */
export async function writeTarGz(files: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  return gzip(await writeTar(files));
}
