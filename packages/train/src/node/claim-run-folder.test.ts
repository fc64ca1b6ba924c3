/**
 * A run folder belongs to one run: a folder holding files is refused unless resumed or
 * overwritten, a live run's lock is refused, a dead run's lock is taken over, default names are
 * unique, and resuming cuts metrics.jsonl back to the checkpoint.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../config/validate-config.js';
import { disposeTree } from '../optim/tree.js';
import { train } from '../loop/train.js';
import { RUN_LOCK_FILE, claimRunFolder, createUniqueFolder } from './claim-run-folder.js';
import { createRunFolder, resumeRunFolder } from './run-folder.js';

const temp = () => mkdtemp(join(tmpdir(), 'olrd-claim-'));

describe('run folders', () => {
  it('refuse a folder with files, and overwrite clears it under the lock', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'metrics.jsonl'), 'old\n');
    await expect(claimRunFolder(dir, 'new')).rejects.toThrow(
      `run folder ${dir} already holds files (metrics.jsonl); pass --resume ${dir} to continue that run, --overwrite to clear it first, or choose another --out`,
    );
    const claim = await claimRunFolder(dir, 'overwrite');
    expect(await readdir(dir)).toEqual([RUN_LOCK_FILE]);
    await claim.release();
    expect(await readdir(dir)).toEqual([]);
    await expect(claimRunFolder(join(dir, 'none'), 'resume')).rejects.toThrow(
      /nothing to resume: .*none does not exist/,
    );
  });

  it('refuse a folder a live run holds, and take over the lock of a dead one', async () => {
    const dir = await temp();
    const claim = await claimRunFolder(dir, 'new');
    await expect(claimRunFolder(dir, 'resume')).rejects.toThrow(
      new RegExp(
        `run folder .* is in use by process ${process.pid} on .*; wait for that run to end`,
      ),
    );
    await claim.release();
    // A lock left by a process that no longer exists (as after kill -9).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const lock = join(dir, RUN_LOCK_FILE);
    await writeFile(
      lock,
      JSON.stringify({
        pid: Number(dead.stdout),
        host: (await import('node:os')).hostname(),
        started: 'then',
      }),
    );
    const again = await claimRunFolder(dir, 'resume');
    expect(JSON.parse(await readFile(lock, 'utf8')).pid).toBe(process.pid);
    await again.release();
  });

  it('make default names unique even when created in the same second', async () => {
    const base = join(await temp(), 'runs', '20240102-030405-copy-bptt');
    const made = await Promise.all([1, 2, 3].map(() => createUniqueFolder(base)));
    expect(new Set(made).size).toBe(3);
    expect(made.sort()).toEqual([base, `${base}-2`, `${base}-3`]);
  });

  it('resume cuts metrics.jsonl back to the checkpoint and names a folder without one', async () => {
    const dir = join(await temp(), 'run');
    const config = resolveTrainConfig({
      copyPatternLength: 2,
      copyTrainSamples: 16,
      copyValSamples: 4,
      copyTestSamples: 4,
      nLayers: 1,
      dModel: 4,
      dHidden: 2,
      bsz: 4,
      epochs: 1,
      logEvery: 1,
    });
    const folder = await createRunFolder(dir, config);
    await expect(resumeRunFolder(dir)).rejects.toThrow(/is in use by process/);
    await folder.release();
    await expect(resumeRunFolder(dir)).rejects.toThrow(
      /has no checkpoint\.safetensors to resume from .*start it again with --overwrite/,
    );
    const again = await createRunFolder(dir, config, { overwrite: true });
    const result = await train(config, again.callbacks(), { checkpointEvery: { steps: 2 } });
    disposeTree(result.params);
    await again.release();
    // 4 steps and 1 epoch event were logged; the last checkpoint (the end) saw all 5 lines.
    // Lines a killed run wrote after its checkpoint are dropped on resume.
    await writeFile(
      join(dir, 'metrics.jsonl'),
      `${await readFile(join(dir, 'metrics.jsonl'), 'utf8')}{"type":"step","step":99}\n{"cut`,
    );
    const resumed = await resumeRunFolder(dir);
    expect((await readFile(join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(5);
    expect(resumed.config.out).toBe(dir);
    await resumed.folder.release();
  });
});
