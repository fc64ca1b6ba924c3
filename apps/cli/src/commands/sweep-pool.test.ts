import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { childPidFile, jobStart } from './sweep-pool.js';

const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A live process whose command line reads like `node … train`, as the pool's children do. */
async function fakeTrainChild(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', 'train'], {
    stdio: 'ignore',
  });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid!;
}

describe('jobStart', () => {
  it('waits for a job whose child was launched but has not yet locked its folder', async () => {
    const sweep = await mkdtemp(join(tmpdir(), 'olrd-pool-'));
    await mkdir(join(sweep, 'logs'));
    const folder = join(sweep, '001_a');
    expect(await jobStart(folder)).toBe('new');
    // A killed sweep's last launch: the pid file is written, the folder not yet made.
    const pid = await fakeTrainChild();
    await writeFile(childPidFile(folder), `${pid}\n`);
    expect(await jobStart(folder)).toBe('busy');
    children.pop()!.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await jobStart(folder)).toBe('new');
  });

  it('ignores a pid file naming a process that is not an olrd train', async () => {
    const sweep = await mkdtemp(join(tmpdir(), 'olrd-pool-'));
    await mkdir(join(sweep, 'logs'));
    const folder = join(sweep, '001_a');
    await writeFile(childPidFile(folder), `${process.pid}\n`);
    expect(await jobStart(folder)).toBe(process.platform === 'linux' ? 'new' : 'busy');
    await writeFile(childPidFile(folder), 'not a pid\n');
    expect(await jobStart(folder)).toBe('new');
  });
});
