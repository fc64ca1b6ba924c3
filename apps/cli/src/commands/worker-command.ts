/**
 * `olrd worker --queue redis://…`: runs sweep jobs from the BullMQ queue that `olrd sweep --queue`
 * fills, on this machine, `--concurrency` at a time, each as an `olrd train` child in its own run
 * folder under `--artifacts` (checkpoints, best model and log stay there). A job's result (the
 * run folder's small files) goes back as its return value. BullMQ supplies the rest: a failed job
 * is retried, and the job of a worker that stops renewing its lock (killed, machine gone) is
 * handed to another worker after `--stalled-after`. With a shared `--artifacts` folder the next
 * worker resumes that job from its checkpoint; else it starts it again.
 */
import { availableParallelism, hostname } from 'node:os';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import type { Job } from 'bullmq';
import { RUN_FILES, RUN_LOCK_FILE, liveOwner, writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { formatDuration } from '../format.js';
import { parseCommandArgs } from '../parse-command-args.js';
import {
  QUEUE_NAME,
  checkQueueReachable,
  parseQueueUrl,
  type QueueJobData,
  type QueueJobResult,
} from './queue-connection.js';
import { parseCheckpointEvery } from './run-flags.js';
import { jobStart, readSummary, trainArgs } from './sweep-pool.js';
import { spawnTrainChild, type TrainChild } from './train-child.js';

/** `olrd worker --help`. */
export function workerHelp(): string {
  return `usage: olrd worker --queue redis://HOST:PORT [flags]

Runs the jobs of sweeps started with 'olrd sweep FILE --queue URL', on this machine, until
stopped (Ctrl-C lets running jobs checkpoint and hands them back to the queue). Start any number
of workers on any machines that reach the Redis server; they need no shared filesystem.

  --queue URL            the Redis server (redis://[user:password@]host[:port][/db], rediss:// for TLS)
  --concurrency N        jobs at a time on this machine (default 1; ${availableParallelism()} cores here)
  --artifacts DIR        where job run folders (checkpoints, best model, logs) stay
                         (default runs/worker); a folder shared by all workers lets a job
                         interrupted on one worker resume from its checkpoint on another
  --stalled-after D      a job whose worker stops renewing it for D (e.g. 30s, 2m) goes to
                         another worker (default 30s)
  --backend B            overrides the sweep's --backend on this machine
  -h, --help             show this help
`;
}

const FLAGS = {
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  artifacts: { type: 'string' },
  'stalled-after': { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The run folder files that travel back to the sweep. */
const RESULT_FILES = [RUN_FILES.config, RUN_FILES.metrics, RUN_FILES.summary] as const;
/** The log tail that travels back (the whole log stays in --artifacts). */
const LOG_TAIL_BYTES = 64 * 1024;

function parseStalledAfter(text: string): number {
  const every = (() => {
    try {
      return parseCheckpointEvery(text);
    } catch {
      return undefined;
    }
  })();
  if (!every || every.seconds <= 0)
    throw new UsageError(`--stalled-after must be a duration such as 30s or 2m, got '${text}'`);
  return every.seconds * 1000;
}

/** Replaces `--backend` among a job's train flags when this worker overrides it. */
function withBackend(flags: readonly string[], backend: string | undefined): string[] {
  if (backend === undefined) return [...flags];
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === '--backend') i++;
    else kept.push(flags[i]!);
  }
  return [...kept, '--backend', backend];
}

interface WorkerContext {
  cli: string;
  artifacts: string;
  backend: string | undefined;
  name: string;
  running: Set<TrainChild>;
  stopping: AbortSignal;
}

/**
 * Waits while a live process on this host holds the folder (the child of a worker that was
 * killed here, stopping by itself); a lock from another host is that host's worker, which the
 * queue has given up on, so it is taken over.
 */
async function freeFolder(folder: string): Promise<void> {
  for (;;) {
    const owner = await liveOwner(folder);
    if (owner === undefined) return;
    if (owner.host !== hostname()) {
      process.stderr.write(
        `olrd worker: taking ${folder} over from process ${owner.pid} on ${owner.host}, whose job the queue gave up on\n`,
      );
      await rm(join(folder, RUN_LOCK_FILE), { force: true });
      return;
    }
    await delay(1000);
  }
}

async function readResult(
  folder: string,
  logPath: string,
): Promise<{ files: Record<string, string>; log: string }> {
  const files: Record<string, string> = {};
  for (const name of RESULT_FILES) {
    const text = await readFile(join(folder, name), 'utf8').catch(() => undefined);
    if (text !== undefined) files[name] = text;
  }
  const log = await readFile(logPath, 'utf8').catch(() => '');
  return { files, log: log.length > LOG_TAIL_BYTES ? log.slice(-LOG_TAIL_BYTES) : log };
}

async function processJob(
  job: Job<QueueJobData, QueueJobResult>,
  token: string | undefined,
  context: WorkerContext,
): Promise<QueueJobResult> {
  const { WaitingError } = await import('bullmq');
  const { sweepKey, id, config, trainFlags } = job.data;
  const sweepDir = join(context.artifacts, sweepKey);
  const folder = join(sweepDir, id);
  const logPath = join(sweepDir, 'logs', `${id}.log`);
  await mkdir(join(sweepDir, 'logs'), { recursive: true });
  await freeFolder(folder);
  const start = await jobStart(folder);
  const began = performance.now();
  const label = `${sweepKey}/${id}`;
  if (start === 'busy') throw new Error(`${folder} was taken by another process meanwhile`);
  if (start !== 'done') {
    const configPath = join(sweepDir, 'jobs', `${id}.json`);
    await writeFileAtomic(configPath, `${JSON.stringify(config, null, 2)}\n`);
    process.stderr.write(
      `olrd worker: ${label}: ${start === 'resume' ? 'resuming from its checkpoint' : 'started'}` +
        `${job.attemptsStarted > 1 ? ` (attempt ${job.attemptsStarted})` : ''}\n`,
    );
    const args = trainArgs(start, configPath, folder, withBackend(trainFlags, context.backend));
    const child = spawnTrainChild(context.cli, args, logPath, true);
    context.running.add(child);
    const { code, lastLine } = await child.done.finally(() => context.running.delete(child));
    const summary = await readSummary(folder);
    if (!summary || summary.stoppedBy === 'aborted') {
      if (context.stopping.aborted && token !== undefined) {
        // Stopped by Ctrl-C: the job goes back to the queue for another worker (or this one).
        await job.moveToWait(token);
        throw new WaitingError();
      }
      process.stderr.write(`olrd worker: ${label}: FAILED: ${lastLine || `exit code ${code}`}\n`);
      throw new Error(lastLine || `olrd train exited with code ${code}`);
    }
  }
  const summary = (await readSummary(folder))!;
  const { files, log } = await readResult(folder, logPath);
  const seconds = (performance.now() - began) / 1000;
  process.stderr.write(
    `olrd worker: ${label}: done (${summary.stoppedBy}) in ${formatDuration(seconds)}\n`,
  );
  return { summary, files, log, worker: context.name, seconds };
}

/** Runs `olrd worker`; resolves to the exit code once stopped. */
export async function workerCommand(args: readonly string[]): Promise<number> {
  const values = parseCommandArgs(args, FLAGS, 'olrd worker');
  if (values.help) {
    process.stdout.write(workerHelp());
    return 0;
  }
  if (typeof values.queue !== 'string')
    throw new UsageError(
      "olrd worker needs the queue's Redis server, e.g. 'olrd worker --queue redis://localhost:6379'",
    );
  const url = parseQueueUrl(values.queue);
  const concurrencyText = typeof values.concurrency === 'string' ? values.concurrency : '1';
  const concurrency = Number(concurrencyText);
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new UsageError(`--concurrency must be an integer ≥ 1, got '${concurrencyText}'`);
  const stalledMs =
    typeof values['stalled-after'] === 'string'
      ? parseStalledAfter(values['stalled-after'])
      : 30_000;
  await checkQueueReachable(url);
  const { Worker } = await import('bullmq');
  const stop = new AbortController();
  const context: WorkerContext = {
    // The CLI is bundled into one file: this module's own URL is the entry to spawn.
    cli: fileURLToPath(import.meta.url),
    artifacts: typeof values.artifacts === 'string' ? values.artifacts : join('runs', 'worker'),
    backend: typeof values.backend === 'string' ? values.backend : undefined,
    name: `${hostname()}:${process.pid}`,
    running: new Set(),
    stopping: stop.signal,
  };
  const worker = new Worker<QueueJobData, QueueJobResult>(
    QUEUE_NAME,
    (job, token) => processJob(job, token, context),
    {
      connection: url.connection,
      concurrency,
      name: context.name,
      lockDuration: stalledMs,
      stalledInterval: stalledMs,
      // A job may be orphaned a few times (preempted machines) before it counts as failed.
      maxStalledCount: 3,
    },
  );
  worker.on('error', (error) =>
    process.stderr.write(`olrd worker: queue error: ${error.message}\n`),
  );
  process.stderr.write(
    `olrd worker ${context.name}: serving ${url.shown} (${concurrency} at a time; run folders in ${context.artifacts}); Ctrl-C stops\n`,
  );
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      if (stop.signal.aborted) process.exit(130);
      process.stderr.write(
        `olrd worker: stopping: ${context.running.size} running job(s) checkpoint and go back to the queue (Ctrl-C again to quit now)\n`,
      );
      stop.abort();
      for (const { child } of context.running) child.kill('SIGINT');
      void worker.close().then(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return 0;
}
