/**
 * `olrd sweep --queue redis://…`: the sweep's jobs go to a BullMQ queue, `olrd worker`s on any
 * machines run them, and their results (summary, metrics, config, log tail) come back as the
 * jobs' return values into the same sweep folder layout as a local sweep, so workers need no
 * shared filesystem. A job is added under a fixed id (`<queue key>/<job id>`), so adding it again
 * after a restart is a no-op, and its result is written once, when the sweep first sees it
 * completed: exactly one result per job even when a killed worker's job ran again elsewhere.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Job, Queue } from 'bullmq';
import { sweepJobConfig, type SweepJob, type TrainConfig } from '@olrd/train';
import { RUN_FILES, writeFileAtomic } from '@olrd/train/node';
import {
  QUEUE_NAME,
  checkQueueReachable,
  type QueueJobData,
  type QueueJobResult,
  type QueueUrl,
} from './queue-connection.js';
import { readSummary, type JobOutcome } from './sweep-pool.js';

/** Completed and failed jobs stay in Redis this long (for `--status` and restarts). */
const KEEP_SECONDS = 7 * 24 * 3600;

/** Options of {@link runQueuedJobs}. */
export interface QueuedSweepOptions {
  jobs: readonly SweepJob[];
  /** The sweep folder: results land in `<out>/<id>/` and `<out>/logs/<id>.log`. */
  out: string;
  /** The sweep folder's key in the queue (sweep.json `queueKey`). */
  sweepKey: string;
  base: Partial<TrainConfig>;
  trainFlags: readonly string[];
  url: QueueUrl;
  /** How many times a failed job is tried again (BullMQ attempts − 1). */
  retries: number;
  onJob(outcome: JobOutcome, progress: { done: number; running: number; total: number }): void;
  /** Called when a job starts running on a worker. */
  onStart?(job: SweepJob, worker: string): void;
  /** Aborting stops waiting; the queued jobs stay queued for the next start. */
  signal: AbortSignal;
  /** Seconds between looks at the queue; default 1. */
  pollSeconds?: number;
}

/** The BullMQ id of a sweep's job. */
export const queueJobId = (sweepKey: string, id: string) => `${sweepKey}/${id}`;

/** Opens the sweeps' queue after checking that Redis answers. */
export async function openQueue(url: QueueUrl): Promise<Queue> {
  await checkQueueReachable(url);
  const { Queue } = await import('bullmq');
  return new Queue(QUEUE_NAME, { connection: url.connection });
}

/** Writes a finished job's files into its folder; summary.json last, as a local run does. */
async function writeResult(out: string, id: string, result: QueueJobResult): Promise<void> {
  const folder = join(out, id);
  await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(result.files))
    if (name !== RUN_FILES.summary) await writeFileAtomic(join(folder, name), text);
  await mkdir(join(out, 'logs'), { recursive: true });
  await writeFileAtomic(join(out, 'logs', `${id}.log`), result.log);
  await writeFileAtomic(
    join(folder, RUN_FILES.summary),
    result.files[RUN_FILES.summary] ?? `${JSON.stringify(result.summary, null, 2)}\n`,
  );
}

/** Adds `job` unless the queue has it; a job that failed before is tried again. */
async function enqueue(queue: Queue, options: QueuedSweepOptions, job: SweepJob): Promise<void> {
  const jobId = queueJobId(options.sweepKey, job.id);
  const existing = await queue.getJob(jobId);
  if (existing) {
    if ((await existing.getState()) === 'failed') await existing.retry('failed');
    return;
  }
  const data: QueueJobData = {
    sweepKey: options.sweepKey,
    id: job.id,
    config: sweepJobConfig(options.base, job.values),
    trainFlags: [...options.trainFlags],
  };
  await queue.add(job.id, data, {
    jobId,
    attempts: options.retries + 1,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: KEEP_SECONDS },
    removeOnFail: { age: KEEP_SECONDS },
  });
}

/**
 * Queues the jobs that have no result in the sweep folder yet and waits for them; resolves with
 * one outcome per job that ended (all of them, unless aborted), in the jobs' order.
 */
export async function runQueuedJobs(options: QueuedSweepOptions): Promise<JobOutcome[]> {
  const { jobs, out, signal } = options;
  const outcomes = new Map<number, JobOutcome>();
  const started = new Set<number>();
  const progress = () => ({
    done: outcomes.size,
    running: [...started].filter((index) => !outcomes.has(index)).length,
    total: jobs.length,
  });
  const record = (outcome: JobOutcome) => {
    outcomes.set(outcome.job.index, outcome);
    options.onJob(outcome, progress());
  };
  const queue = await openQueue(options.url);
  try {
    const pending: SweepJob[] = [];
    for (const job of jobs) {
      const summary = await readSummary(join(out, job.id));
      if (summary && summary.stoppedBy !== 'aborted')
        record({ job, folder: join(out, job.id), status: 'skipped', summary, seconds: 0 });
      else pending.push(job);
    }
    for (const job of pending) await enqueue(queue, options, job);
    const pollMs = (options.pollSeconds ?? 1) * 1000;
    while (!signal.aborted && outcomes.size < jobs.length) {
      const waiting = pending.filter((job) => !outcomes.has(job.index));
      const looks = await Promise.all(
        waiting.map(async (job) => {
          const found = (await queue.getJob(queueJobId(options.sweepKey, job.id))) as
            Job<QueueJobData, QueueJobResult> | undefined;
          return { job, found, state: found ? await found.getState() : undefined };
        }),
      );
      for (const { job, found, state } of looks) {
        const folder = join(out, job.id);
        if (!found) {
          await enqueue(queue, options, job); // removed from Redis meanwhile: queue it again
        } else if (state === 'completed') {
          const result = found.returnvalue;
          await writeResult(out, job.id, result);
          record({
            job,
            folder,
            status: 'finished',
            summary: result.summary,
            seconds: result.seconds,
          });
        } else if (state === 'failed') {
          record({
            job,
            folder,
            status: 'failed',
            error: found.failedReason,
            log: `on ${found.processedBy ?? 'the worker'}, in its --artifacts folder`,
            seconds: 0,
          });
        } else if (state === 'active' && !started.has(job.index)) {
          started.add(job.index);
          options.onStart?.(job, found.processedBy ?? 'a worker');
        }
      }
      await delay(pollMs, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    await queue.close();
  }
  return jobs.filter((job) => outcomes.has(job.index)).map((job) => outcomes.get(job.index)!);
}
