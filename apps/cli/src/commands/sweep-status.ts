/**
 * `olrd sweep FILE --status [--queue URL]`: how a sweep's jobs stand, read without touching the
 * sweep folder (it may be in use by the sweep itself). Locally a job is done (its summary),
 * running (a live process holds its folder), checkpointed or not started; with a queue, a job
 * without a result in the folder is as BullMQ sees it: waiting, active (on which worker),
 * completed (its result not yet collected by the sweep), failed, or not queued.
 */
import { join } from 'node:path';
import type { Job } from 'bullmq';
import type { QueueJobData, QueueJobResult, QueueUrl } from './queue-connection.js';
import { readSweepRecord } from './sweep-folder.js';
import { jobStart } from './sweep-pool.js';
import { openQueue, queueJobId } from './sweep-queue.js';

/** What a job's state is called in the status table. */
type StatusName =
  | 'done'
  | 'running'
  | 'checkpointed'
  | 'not started'
  | 'waiting'
  | 'active'
  | 'completed (not collected)'
  | 'failed'
  | 'not queued';

/** The local state of a job folder, in the status table's words. */
async function localState(folder: string): Promise<StatusName> {
  const start = await jobStart(folder);
  switch (start) {
    case 'done':
      return 'done';
    case 'busy':
      return 'running';
    case 'resume':
      return 'checkpointed';
    case 'restart':
    case 'new':
      return 'not started';
  }
}

function queueState(state: string | undefined): StatusName {
  switch (state) {
    case undefined:
    case 'unknown':
      return 'not queued';
    case 'active':
      return 'active';
    case 'completed':
      return 'completed (not collected)';
    case 'failed':
      return 'failed';
    default:
      return 'waiting'; // waiting, delayed (a retry's backoff), prioritized
  }
}

/** Prints the counts per state and the jobs running or failed; resolves to the exit code 0. */
export async function printSweepStatus(out: string, url: QueueUrl | undefined): Promise<number> {
  const record = await readSweepRecord(out);
  const jobs = [...record.jobs, ...(record.then?.jobs ?? [])];
  const states = new Map<string, StatusName>();
  const details = new Map<string, string>();
  if (url && !record.queueKey) {
    process.stdout.write(
      `${record.name} (${out}) has never been queued; without --queue, --status shows its local state\n`,
    );
    return 0;
  }
  const queue = url ? await openQueue(url) : undefined;
  try {
    for (const job of jobs) {
      const local = await localState(join(out, job.id));
      if (!queue || local === 'done') {
        states.set(job.id, local);
        continue;
      }
      const found = (await queue.getJob(queueJobId(record.queueKey!, job.id))) as
        Job<QueueJobData, QueueJobResult> | undefined;
      const state = queueState(found ? await found.getState() : undefined);
      states.set(job.id, state);
      if (state === 'active') details.set(job.id, `on ${found!.processedBy ?? 'a worker'}`);
      if (state === 'failed') details.set(job.id, found!.failedReason);
    }
  } finally {
    await queue?.close();
  }
  const counts = new Map<StatusName, number>();
  for (const state of states.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
  const lines = [
    `${record.name} (${out})${url ? `, queue ${url.shown} as ${record.queueKey}` : ''}: ${jobs.length} jobs` +
      `${record.then ? ` (${record.jobs.length} scan + ${record.then.jobs.length} best-setting)` : ''}`,
    ...[...counts.entries()].map(([state, n]) => `  ${state.padEnd(26)} ${n}`),
    ...jobs
      .filter((job) => details.has(job.id) || states.get(job.id) === 'running')
      .map(
        (job) =>
          `  ${states.get(job.id)}: ${job.id}${details.has(job.id) ? ` ${details.get(job.id)}` : ''}`,
      ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
