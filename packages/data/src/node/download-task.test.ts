import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTarGz } from '../__fixtures__/archives.js';
import { idxFiles, listOpsFiles } from '../__fixtures__/datasets.js';
import { closedPort, startFixtureServer, type FixtureServer } from '../__fixtures__/http-server.js';
import { loadDataset } from '../registry.js';
import { setDefaultDataStore } from '../store/data-store.js';
import { downloadTask } from './download-task.js';
import { useNodeDataStore } from './use-node-data-store.js';

let server: FixtureServer;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const folder = () => mkdtemp(join(tmpdir(), 'olrd-task-'));
const mnist = idxFiles('mnist', 30, 10);

async function lraArchive(shift = 0): Promise<Uint8Array> {
  const members: Record<string, Uint8Array | string> = { 'lra_release/README': 'x' };
  for (const [path, bytes] of Object.entries(listOpsFiles())) {
    members[path.replace('lra/lra_release/', 'lra_release/lra_release/')] = bytes;
  }
  members['lra_release/lra_release/tsv_data/new_aan_pairs.train.tsv'] =
    `not unpacked for listops ${shift}`;
  return writeTarGz(members);
}

beforeAll(async () => {
  server = await startFixtureServer();
  for (const [path, bytes] of Object.entries(mnist))
    server.files.set(`/${path.split('/').pop()}`, bytes);
  server.files.set('/lra_release.gz', await lraArchive());
  useNodeDataStore();
});
afterAll(async () => {
  setDefaultDataStore(undefined);
  await server.close();
});

const mnistOverrides = () => {
  const urls: Record<string, string[]> = {};
  const checksums: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(mnist)) {
    const name = path.split('/').pop()!;
    // The sources list .gz names; serve each fixture under the name the manifest expects.
    const file = `mnist/${name.endsWith('.gz') ? name : `${name}.gz`}`;
    urls[file] = [`${server.origin}/${name}`];
    checksums[file] = sha(bytes);
  }
  return { urls, checksums };
};

describe('downloadTask', () => {
  it('fetches, verifies and places a task’s files, which the task then loads', async () => {
    const dataDir = await folder();
    const result = await downloadTask('smnist', { dataDir, ...mnistOverrides() });
    expect(result.status).toBe('downloaded');
    expect(result.files).toHaveLength(4);
    expect(result.files.every((file) => !file.trustOnFirstUse)).toBe(true);
    const data = await loadDataset('smnist', { dataDir });
    expect([data.train.size, data.val.size, data.test.size]).toEqual([27, 3, 10]);
    expect((await downloadTask('smnist', { dataDir, ...mnistOverrides() })).status).toBe('present');
    // A damaged file in the data folder fails its checksum and is fetched again.
    await writeFile(join(dataDir, 'mnist', 't10k-images-idx3-ubyte.gz'), 'damaged');
    const repaired = await downloadTask('smnist', { dataDir, ...mnistOverrides() });
    expect(repaired.status).toBe('downloaded');
    expect(
      repaired.files.filter((file) => file.url !== undefined).map((file) => file.file),
    ).toEqual(['mnist/t10k-images-idx3-ubyte.gz']);
    expect((await downloadTask('copy', { dataDir })).status).toBe('generated');
  });

  it('records an unpublished checksum on first download, unpacks the LRA members the task needs', async () => {
    const dataDir = await folder();
    const urls = { 'lra/lra_release.gz': [`${server.origin}/lra_release.gz`] };
    const result = await downloadTask('listops', { dataDir, urls });
    expect(result.files[0]).toMatchObject({ file: 'lra/lra_release.gz', trustOnFirstUse: true });
    expect(result.unpacked).toBe(3);
    expect(existsSync(join(dataDir, 'lra', 'listops-1000', 'basic_train.tsv'))).toBe(true);
    expect(existsSync(join(dataDir, 'lra', 'tsv_data'))).toBe(false);
    const records = JSON.parse(await readFile(join(dataDir, 'checksums.json'), 'utf8'));
    expect(records.files['lra/lra_release.gz'].sha256).toBe(
      sha(server.files.get('/lra_release.gz')!),
    );
    expect(records.note).toMatch(/trust on first download/);
    const data = await loadDataset('listops', { dataDir });
    expect(data.train.size).toBe(9);
    // A different archive upstream no longer matches the recorded checksum.
    await rm(join(dataDir, 'lra'), { recursive: true });
    server.files.set('/lra_release.gz', await lraArchive(1));
    await expect(downloadTask('listops', { dataDir, urls })).rejects.toThrow(
      /checksum mismatch .*lra_release\.gz/,
    );
    server.files.set('/lra_release.gz', await lraArchive());
  });

  it('fetches from a mirror only when one is given, still verifying checksums', async () => {
    const dataDir = await folder();
    server.files.set('/imdb/aclImdb_v1.tar.gz', new TextEncoder().encode('not the real archive'));
    const before = server.requests.length;
    await expect(downloadTask('imdb', { dataDir, mirror: `${server.origin}/` })).rejects.toThrow(
      /checksum mismatch for .*aclImdb_v1\.tar\.gz from http:\/\/127\.0\.0\.1:\d+\/imdb\/aclImdb_v1\.tar\.gz: expected SHA-256 c40f74a1/,
    );
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/imdb/aclImdb_v1.tar.gz']);
  });

  it('fails fast without a network, saying where to put the files by hand', async () => {
    const dataDir = await folder();
    const port = await closedPort();
    const urls = { 'imdb/aclImdb_v1.tar.gz': [`http://127.0.0.1:${port}/aclImdb_v1.tar.gz`] };
    await expect(downloadTask('imdb', { dataDir, urls })).rejects.toThrow(
      new RegExp(
        `no network: .*${join(dataDir, 'imdb', 'aclImdb_v1.tar.gz').replace(/[/.]/g, '\\$&')}  <-  https://ai\\.stanford\\.edu`,
        's',
      ),
    );
    await expect(downloadTask('nope', { dataDir })).rejects.toThrow(/unknown dataset 'nope'/);
  });
});
