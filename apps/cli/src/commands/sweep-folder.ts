/**
 * The files a sweep folder holds about its sweep: `sweep.json` (the jobs, written at the first
 * start and checked at every restart; the second stage; the queue key) and `jobs/<id>.json`
 * (each job's config).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sweepJobConfig, type SweepJob, type TrainConfig } from '@olrd/train';
import { writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { SWEEP_RECORD_FILE, type SweepRecord } from './sweep-record.js';

/** Reads a sweep folder's sweep.json. */
export async function readSweepRecord(out: string): Promise<SweepRecord> {
  const text = await readFile(join(out, SWEEP_RECORD_FILE), 'utf8').catch(() => undefined);
  if (text === undefined)
    throw new UsageError(
      `${out} is not a sweep folder (no readable ${SWEEP_RECORD_FILE}); pass the --out folder of 'olrd sweep'`,
    );
  return JSON.parse(text) as SweepRecord;
}

/**
 * The sweep folder's key in the queue, made at its first queued start (`<name>-<8 hex>`): the
 * jobs of two sweep folders never mix, even from one sweep file, and a restart finds its own.
 */
export async function queueKeyOf(out: string): Promise<string> {
  const record = await readSweepRecord(out);
  if (record.queueKey) return record.queueKey;
  const queueKey = `${record.name.replace(/[^A-Za-z0-9._-]/g, '_')}-${randomBytes(4).toString('hex')}`;
  await writeFileAtomic(
    join(out, SWEEP_RECORD_FILE),
    `${JSON.stringify({ ...record, queueKey }, null, 2)}\n`,
  );
  return queueKey;
}

/** Writes sweep.json on the first start; on a restart checks that the jobs are the same. */
export async function recordSweep(out: string, record: SweepRecord): Promise<void> {
  const path = join(out, SWEEP_RECORD_FILE);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const saved = JSON.parse(text) as SweepRecord;
    const differing = record.jobs.findIndex(
      (job, i) => JSON.stringify(job) !== JSON.stringify(saved.jobs[i]),
    );
    if (differing >= 0 || saved.jobs.length !== record.jobs.length)
      throw new UsageError(
        `${out} holds a sweep started from another sweep file (${saved.file}, ${saved.jobs.length} jobs; ` +
          `${differing >= 0 ? `job ${differing + 1} differs` : `now ${record.jobs.length} jobs`}); pass another --out`,
      );
    return;
  }
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
}

/** Adds the second stage to sweep.json; a restart must derive the same jobs. */
export async function recordSecondStage(
  out: string,
  seeds: number[],
  jobs: readonly SweepJob[],
): Promise<void> {
  const path = join(out, SWEEP_RECORD_FILE);
  const record = JSON.parse(await readFile(path, 'utf8')) as SweepRecord;
  const then = { seeds, jobs: jobs.map(({ id, values }) => ({ id, values })) };
  if (record.then && JSON.stringify(record.then) !== JSON.stringify(then))
    throw new UsageError(
      `${out} already ran a second stage with other jobs (seeds ${record.then.seeds.join(', ')}); pass another --out`,
    );
  await writeFileAtomic(path, `${JSON.stringify({ ...record, then }, null, 2)}\n`);
}

/** Writes each job's config (the base config beneath the swept values) to jobs/<id>.json. */
export async function writeJobConfigs(
  out: string,
  base: Partial<TrainConfig>,
  jobs: readonly SweepJob[],
): Promise<void> {
  for (const job of jobs)
    await writeFileAtomic(
      join(out, 'jobs', `${job.id}.json`),
      `${JSON.stringify(sweepJobConfig(base, job.values), null, 2)}\n`,
    );
}
