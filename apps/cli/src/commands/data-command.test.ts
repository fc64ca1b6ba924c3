// `olrd data …` end to end through the built CLI. Downloads go to a server on 127.0.0.1 (through
// --mirror) or to a closed local port: no test contacts another host.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CLI, olrd, tempFolder } from '../cli-test-utils.js';

/** IDX u8 images (magic 0x803) or labels (0x801). */
function idx(magic: number, dims: number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((dim, i) => view.setUint32(4 + 4 * i, dim, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

async function writeMnist(dataDir: string): Promise<void> {
  await mkdir(join(dataDir, 'mnist'), { recursive: true });
  const images = (count: number) =>
    Uint8Array.from({ length: count * 784 }, (_, i) => ((i % 28) * 9) & 0xff);
  const labels = (count: number) => Uint8Array.from({ length: count }, (_, i) => i % 10);
  await writeFile(
    join(dataDir, 'mnist', 'train-images-idx3-ubyte.gz'),
    gzipSync(idx(0x803, [20, 28, 28], images(20))),
  );
  await writeFile(join(dataDir, 'mnist', 'train-labels-idx1-ubyte'), idx(0x801, [20], labels(20)));
  await writeFile(
    join(dataDir, 'mnist', 't10k-images-idx3-ubyte'),
    idx(0x803, [10, 28, 28], images(10)),
  );
  await writeFile(join(dataDir, 'mnist', 't10k-labels-idx1-ubyte'), idx(0x801, [10], labels(10)));
}

/** Runs the CLI asynchronously (the test process keeps serving HTTP meanwhile). */
function olrdAsync(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, CI: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('olrd data', () => {
  it('prints help', () => {
    expect(olrd(['data', '--help']).stdout).toContain('usage: olrd data <list|download|inspect>');
    expect(olrd(['help', 'data']).stdout).toContain('download TASK');
    expect(olrd(['--help']).stdout).toMatch(/^ {2}data {4}list, download and inspect datasets/m);
    const unknown = olrd(['data', 'fetch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /unknown data command 'fetch'; data commands: list, download, inspect/,
    );
  });

  it('lists every task with its source and local availability', async () => {
    const dataDir = await tempFolder();
    await writeMnist(dataDir);
    const listed = olrd(['data', 'list', '--data-dir', dataDir, '--json']);
    expect(listed.code).toBe(0);
    const { tasks } = JSON.parse(listed.stdout) as {
      tasks: Array<{ task: string; status: string; source: string }>;
    };
    expect(tasks.map((t) => t.task)).toEqual([
      'copy',
      'copy-repeat',
      'bp-toy',
      'smnist',
      'psmnist',
      'rmnist',
      'sfmnist',
      'psfmnist',
      'rfmnist',
      'scifar',
      'scifar-gray',
      'imdb',
      'listops',
      'aan',
      'pathfinder',
      'pathx',
    ]);
    const status = Object.fromEntries(tasks.map((t) => [t.task, t.status]));
    expect(status).toMatchObject({
      copy: 'generated',
      smnist: 'present',
      imdb: 'missing',
      listops: 'missing',
    });
    const text = olrd(['data', 'list', '--data-dir', dataDir]).stdout;
    expect(text).toMatch(/^ {2}smnist +mnist \(11\.6 MB\) +present/m);
  });

  it('inspects a task: sizes, label histogram, an ASCII example; --json for scripts', async () => {
    const dataDir = await tempFolder();
    await writeMnist(dataDir);
    const shown = olrd([
      'data',
      'inspect',
      'smnist',
      '--data-dir',
      dataDir,
      '--split',
      'test',
      '--example',
      '3',
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('T 784, input dim 1, 10 classes × 1 output(s), stored as uint8');
    expect(shown.stdout).toMatch(/^ {2}train +18 /m);
    expect(shown.stdout).toMatch(/^ {2}test +10 +0: 1, 1: 1, 2: 1/m);
    expect(shown.stdout).toMatch(/example 3 of test \(label 3\):\n[ .:=+*#%@-]+\n/);
    const json = JSON.parse(
      olrd(['data', 'inspect', 'copy', '--set', 'patternLength=2,trainSamples=5', '--json']).stdout,
    );
    expect(json).toMatchObject({
      name: 'copy',
      seqLength: 12,
      splits: { train: { size: 5 } },
      example: { split: 'train', index: 0 },
    });
    const missing = olrd(['data', 'inspect', 'imdb', '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /dataset 'imdb' needs imdb\/aclImdb_v1\.tar\.gz.*olrd data download imdb/,
    );
    expect(olrd(['data', 'inspect']).stderr).toMatch(/'olrd data inspect' needs a task/);
  });

  it('downloads through a mirror with checksum verification, and fails fast offline', async () => {
    const dataDir = await tempFolder();
    const server = createServer((request, response) => {
      if (request.url === '/imdb/aclImdb_v1.tar.gz') response.end('not the real archive');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const mismatch = await olrdAsync(
        ['data', 'download', 'imdb', '--data-dir', dataDir, '--mirror', `http://127.0.0.1:${port}`],
        dataDir,
      );
      expect(mismatch.code).toBe(1);
      expect(mismatch.stderr).toMatch(
        /checksum mismatch for .*aclImdb_v1\.tar\.gz .*expected SHA-256 c40f74a1/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const offline = olrd([
      'data',
      'download',
      'smnist',
      '--data-dir',
      dataDir,
      '--mirror',
      `http://127.0.0.1:${port}`,
    ]);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(
      /no network: cannot reach http:\/\/127\.0\.0\.1:\d+\/mnist\/train-images-idx3-ubyte\.gz/,
    );
    expect(offline.stderr).toContain(
      `${join(dataDir, 'mnist', 'train-images-idx3-ubyte.gz')}  <-  https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz`,
    );
    expect(olrd(['data', 'download', 'copy-repeat']).stdout).toBe(
      'copy-repeat is generated on the fly: nothing to download\n',
    );
  });

  it('olrd train reads downloaded data from --data-dir, and trains the regression task', async () => {
    const dataDir = await tempFolder();
    await writeMnist(dataDir);
    const args = [
      '--data-dir',
      dataDir,
      '--n-layers',
      '1',
      '--d-model',
      '4',
      '--d-hidden',
      '2',
      '--bsz',
      '6',
      '--epochs',
      '1',
      '--backend',
      'cpu',
      '--mode',
      'pool_st',
      '--out',
      'run',
    ];
    const trained = olrd(['train', '--task', 'rmnist', ...args], dataDir);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/test accuracy [\d.]+% \(2 steps/);
    // The regression task trains too (an mse readout; its metric is the loss, no accuracy).
    const toy = olrd(
      ['train', '--task', 'bp-toy', '--bsz', '100', '--epochs', '1', '--backend', 'cpu'],
      dataDir,
    );
    expect(toy.code, toy.stderr).toBe(0);
    expect(toy.stdout).toMatch(/best epoch 1: val loss [\d.]+, test loss [\d.]+ \(10 steps/);
  });
});
