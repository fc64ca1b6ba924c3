import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../__fixtures__/formats.js';
import { closedPort, startFixtureServer, type FixtureServer } from '../__fixtures__/http-server.js';
import { DownloadError } from './download-error.js';
import { downloadFile } from './download-file.js';

const body = fixtureBytes(200_000, 3);
const sha256 = createHash('sha256').update(body).digest('hex');
let server: FixtureServer;
const folder = () => mkdtemp(join(tmpdir(), 'olrd-download-'));

beforeAll(async () => {
  server = await startFixtureServer({ '/file.bin': body, '/other.bin': fixtureBytes(1000, 9) });
});
afterAll(() => server.close());

describe('downloadFile (against 127.0.0.1)', () => {
  it('downloads, verifies the SHA-256, reports progress, and skips a valid file next time', async () => {
    const destination = join(await folder(), 'sub', 'file.bin');
    const progress: number[] = [];
    const result = await downloadFile({
      urls: [`${server.origin}/file.bin`],
      destination,
      sha256,
      onProgress: (p) => progress.push(p.received),
    });
    expect(result).toMatchObject({ sha256, bytes: body.length, resumed: false });
    expect(new Uint8Array(await readFile(destination))).toEqual(body);
    expect(progress.at(-1)).toBe(body.length);
    expect(existsSync(`${destination}.part`)).toBe(false);
    const before = server.requests.length;
    expect(
      (await downloadFile({ urls: [`${server.origin}/file.bin`], destination, sha256 })).url,
    ).toBeUndefined();
    expect(server.requests.length).toBe(before);
  });

  it('resumes with an HTTP Range request after the connection is cut', async () => {
    const destination = join(await folder(), 'file.bin');
    server.cut('/file.bin', 70_000);
    const before = server.requests.length;
    const result = await downloadFile({ urls: [`${server.origin}/file.bin`], destination, sha256 });
    expect(result.resumed).toBe(true);
    const seen = server.requests.slice(before);
    expect(seen[0]!.range).toBeUndefined();
    expect(seen[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(seen[1]!.range!)![0])).toBeGreaterThan(0);
    expect(new Uint8Array(await readFile(destination))).toEqual(body);
  });

  it('resumes a partial file left by an earlier run', async () => {
    const destination = join(await folder(), 'file.bin');
    await writeFile(`${destination}.part`, body.subarray(0, 12345));
    const before = server.requests.length;
    await downloadFile({ urls: [`${server.origin}/file.bin`], destination, sha256 });
    expect(server.requests.slice(before)).toEqual([{ path: '/file.bin', range: 'bytes=12345-' }]);
    expect(new Uint8Array(await readFile(destination))).toEqual(body);
  });

  it('deletes a download whose checksum does not match and says so', async () => {
    const destination = join(await folder(), 'file.bin');
    const error = await downloadFile({
      urls: [`${server.origin}/file.bin`],
      destination,
      sha256: '0'.repeat(64),
    }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error) && error.kind).toBe('checksum');
    expect(String(error)).toMatch(
      new RegExp(
        `checksum mismatch .* expected SHA-256 0{64}, got ${sha256}; the file was deleted`,
      ),
    );
    expect(existsSync(destination) || existsSync(`${destination}.part`)).toBe(false);
  });

  it('falls back to the next URL on an HTTP error, and fails fast when nothing is reachable', async () => {
    const destination = join(await folder(), 'file.bin');
    const result = await downloadFile({
      urls: [`${server.origin}/missing.bin`, `${server.origin}/file.bin`],
      destination,
      sha256,
    });
    expect(result.url).toBe(`${server.origin}/file.bin`);
    const http = await downloadFile({
      urls: [`${server.origin}/missing.bin`],
      destination: join(await folder(), 'x'),
    }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(http) && http.kind).toBe('http');
    expect(String(http)).toMatch(/HTTP 404/);
    const port = await closedPort();
    // An unreachable host is not retried: one request (counted, not timed, so load cannot fail it).
    let requests = 0;
    const offline = await downloadFile({
      urls: [`http://127.0.0.1:${port}/file.bin`],
      destination: join(await folder(), 'y'),
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(offline) && offline.kind).toBe('offline');
    expect(String(offline)).toMatch(
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/file\.bin .*ECONNREFUSED/,
    );
    expect(requests).toBe(1);
  });

  it('gives up on a connection that keeps dropping, keeping the part for later', async () => {
    const destination = join(await folder(), 'other.bin');
    server.cut('/other.bin', 0, 10);
    const error = await downloadFile({
      urls: [`${server.origin}/other.bin`],
      destination,
      attempts: 2,
    }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error) && error.kind).toBe('incomplete');
    expect(String(error)).toMatch(/did not complete .* the next attempt resumes from there/);
  });
});
