/**
 * `olrd sweep --queue` with `olrd worker`s against a real redis-server (started here on a free
 * port): two workers with separate run folders (as on two machines), one killed with -9 mid-job;
 * its job goes to the other worker, the sweep completes with exactly one result per job in the
 * same folder layout as a local sweep, and `--status` and `olrd report` read it.
 * Skipped, saying why, when redis-server is not installed (unless OLRD_REQUIRE_REDIS=1, as in CI).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveOwner } from '@olrd/train/node';
import { CLI, olrd, tempFolder } from '../cli-test-utils.js';
import { TINY_SWEEP as SWEEP, tinySweepBase } from '../sweep-test-fixtures.js';
import { hasRedisServer, startTestRedis, type TestRedis } from '../redis-test-server.js';

const available = hasRedisServer();
if (!available) {
  if (process.env['OLRD_REQUIRE_REDIS'] === '1')
    throw new Error(
      'OLRD_REQUIRE_REDIS=1 but redis-server is not installed (apt-get install redis-server)',
    );
  console.warn(
    'sweep-queue.test: redis-server not installed (apt-get install redis-server): skipped',
  );
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], cwd: string): Proc {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function until(what: string, check: () => boolean | Promise<boolean>, seconds = 180) {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

describe.skipIf(!available)('olrd sweep --queue (BullMQ on a real redis-server)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('completes with one result per job when a worker is killed with -9 mid-job', async () => {
    const dir = await tempFolder();
    // Long enough (120 epochs of 4 steps, several seconds) to be killed mid-job.
    await writeFile(join(dir, 'base.yaml'), tinySweepBase(120));
    await writeFile(join(dir, 'tiny.yaml'), SWEEP);
    const workerArgs = (artifacts: string) => [
      'worker',
      '--queue',
      redis.url,
      '--artifacts',
      artifacts,
      '--stalled-after',
      '2s',
    ];
    const a = start(workerArgs('wa'), dir);
    const sweep = start(
      ['sweep', 'tiny.yaml', '--config', 'base.yaml', '--queue', redis.url, '--out', 'sw'],
      dir,
    );
    let b: Proc | undefined;
    try {
      // Worker a takes the first job; once it is under way, b joins and a is killed.
      await until('worker a to start a job', () => /: started/.test(a.output()));
      const killedJob = /\/(\S+): started/.exec(a.output())![1]!;
      b = start(workerArgs('wb'), dir);
      await delay(1500);
      expect(a.output()).not.toMatch(/: done/);
      a.child.kill('SIGKILL');
      expect(await a.exited).toBeNull();

      const code = await sweep.exited;
      expect(code, sweep.output()).toBe(0);
      expect(sweep.output()).toMatch(/tiny: 4\/4 jobs finished, 0 failed/);
      // The killed worker's job ran again on b, and every job ended on b exactly once.
      const bLog = b.output();
      expect(bLog).toMatch(
        new RegExp(`/${killedJob.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: done`),
      );
      expect(bLog.match(/: done/g)).toHaveLength(4);
      // The killed worker's training child noticed and stopped (its folder's lock is free).
      const key = JSON.parse(await readFile(join(dir, 'sw/sweep.json'), 'utf8')).queueKey;
      await until(
        'the orphaned job to stop',
        async () => !(await liveOwner(join(dir, 'wa', key, killedJob))),
        30,
      );

      // The same layout as a local sweep: one run folder per job with its files, logs, results.
      const results = JSON.parse(await readFile(join(dir, 'sw/results.json'), 'utf8'));
      expect(results).toHaveLength(4);
      expect(new Set(results.map((r: { id: string }) => r.id)).size).toBe(4);
      expect(results.every((r: { status: string }) => r.status === 'finished')).toBe(true);
      for (const { id } of results as Array<{ id: string }>) {
        expect((await readdir(join(dir, 'sw', id))).sort()).toEqual([
          'config.json',
          'metrics.jsonl',
          'summary.json',
        ]);
        expect(await readFile(join(dir, 'sw/logs', `${id}.log`), 'utf8')).toMatch(/best epoch/);
      }
      const status = olrd(
        ['sweep', 'tiny.yaml', '--queue', redis.url, '--out', 'sw', '--status'],
        dir,
      );
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/4 jobs\n {2}done +4\n?$/);
      const report = olrd(['report', 'sw'], dir);
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout).toMatch(/4\/4 jobs finished/);

      // Started again, the sweep collects nothing new and runs nothing twice.
      const again = olrd(
        ['sweep', 'tiny.yaml', '--config', 'base.yaml', '--queue', redis.url, '--out', 'sw'],
        dir,
      );
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr.match(/finished before/g)).toHaveLength(4);
    } finally {
      for (const proc of [a, b, sweep])
        if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  });

  it('refuses a bad or unreachable queue URL, naming the fix', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, 'tiny.yaml'), SWEEP);
    const bad = olrd(['sweep', 'tiny.yaml', '--queue', 'http://localhost:1'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--queue must be a redis:\/\/ or rediss:\/\/ URL/);
    const closed = olrd(['worker', '--queue', 'redis://127.0.0.1:1'], dir);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    const workers = olrd(['sweep', 'tiny.yaml', '--queue', redis.url, '--workers', '2'], dir);
    expect(workers.stderr).toMatch(/with --queue the workers are 'olrd worker' processes/);
  });
});
