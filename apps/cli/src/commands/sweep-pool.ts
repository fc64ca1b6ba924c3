/**
 * The local pool of `olrd sweep`: runs each job as its own `olrd train` child process (a normal
 * run folder under the sweep folder), `workers` at a time. A job whose folder holds a finished
 * summary is skipped; one with a checkpoint is resumed (`--resume`); one that started but never
 * checkpointed is started again (`--overwrite`); one whose folder a live process still holds (a
 * job left running by a sweep that was killed) is waited for. So a killed sweep, started again,
 * redoes only what did not finish, and nothing finished runs twice.
 *
 * A child takes its folder's lock only once it has started (a second or two of imports), so a
 * sweep killed just after launching a job leaves a child that holds nothing yet; a restarted
 * sweep would start the job beside it, and one of the two would find the folder taken. So the
 * pool writes each child's pid to `logs/<id>.pid` the moment it spawns it (and removes it when
 * the child exits), and a job whose pid file names a live `olrd train` counts as busy too.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { access, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunSummary, SweepJob } from '@olrd/train';
import { RUN_FILES, liveOwner } from '@olrd/train/node';
import { spawnTrainChild } from './train-child.js';

/** How a job's folder stands before it runs. */
export type JobStart = 'done' | 'busy' | 'resume' | 'restart' | 'new';

/** What became of one job. */
export interface JobOutcome {
  job: SweepJob;
  folder: string;
  status: 'finished' | 'skipped' | 'failed' | 'interrupted';
  summary?: RunSummary;
  /** The last line the job wrote to stderr, for failures. */
  error?: string;
  /** Where its log is, when not at logs/<id>.log in the sweep folder (a queued job's worker). */
  log?: string;
  seconds: number;
}

/** Options of {@link runSweepJobs}. */
export interface SweepPoolOptions {
  jobs: readonly SweepJob[];
  /** The sweep folder: job folders, `jobs/<id>.json` configs and `logs/<id>.log`. */
  out: string;
  workers: number;
  /** Extra `olrd train` flags for every job (e.g. `--checkpoint-every 1m`, `--backend wasm`). */
  trainFlags: readonly string[];
  /** The built CLI entry to spawn. */
  cli: string;
  /** Called when a job ends (or is skipped), with the counts so far. */
  onJob(outcome: JobOutcome, progress: { done: number; running: number; total: number }): void;
  /** Aborting stops launching and interrupts running jobs (they checkpoint and exit). */
  signal: AbortSignal;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export async function readSummary(folder: string): Promise<RunSummary | undefined> {
  try {
    return JSON.parse(await readFile(join(folder, RUN_FILES.summary), 'utf8')) as RunSummary;
  } catch {
    return undefined;
  }
}

/** Where the pool keeps the pid of the child running the job in `folder` (see the header). */
export function childPidFile(folder: string): string {
  return join(dirname(folder), 'logs', `${basename(folder)}.pid`);
}

/**
 * True when `folder`'s pid file names a live process that is an `olrd train` (on Linux its
 * command line says so; elsewhere a live pid is taken at its word), so a recycled pid of some
 * other program does not hold the job up forever.
 */
function liveChild(folder: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(childPidFile(folder), 'utf8'), 10);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('train');
  } catch {
    return process.platform !== 'linux';
  }
}

/** How `folder` stands: see {@link JobStart}. */
export async function jobStart(folder: string): Promise<JobStart> {
  if ((await liveOwner(folder)) || liveChild(folder)) return 'busy';
  const summary = await readSummary(folder);
  if (summary && summary.stoppedBy !== 'aborted') return 'done';
  if (await exists(join(folder, RUN_FILES.checkpoint))) return 'resume';
  if (await exists(join(folder, RUN_FILES.config))) return 'restart';
  return 'new';
}

/** The `olrd train` arguments that start (`new`, `restart`) or resume a job in `folder`. */
export function trainArgs(
  start: Exclude<JobStart, 'done' | 'busy'>,
  configPath: string,
  folder: string,
  flags: readonly string[],
): string[] {
  if (start === 'resume') return ['train', '--resume', folder, ...flags];
  return [
    'train',
    '--config',
    configPath,
    '--out',
    folder,
    ...(start === 'restart' ? ['--overwrite'] : []),
    ...flags,
  ];
}

interface Running {
  child: ChildProcess;
  done: Promise<JobOutcome>;
}

/** Runs the jobs; resolves with one outcome per job, in the jobs' order. */
export async function runSweepJobs(options: SweepPoolOptions): Promise<JobOutcome[]> {
  const { jobs, out, workers, signal } = options;
  await mkdir(join(out, 'logs'), { recursive: true });
  const outcomes = new Map<number, JobOutcome>();
  const queue = [...jobs];
  const running = new Map<number, Running>();
  const progress = () => ({ done: outcomes.size, running: running.size, total: jobs.length });
  const record = (outcome: JobOutcome) => {
    outcomes.set(outcome.job.index, outcome);
    options.onJob(outcome, progress());
  };
  const onAbort = () => {
    for (const { child } of running.values()) child.kill('SIGINT');
  };
  signal.addEventListener('abort', onAbort);
  try {
    while ((queue.length > 0 && !signal.aborted) || running.size > 0) {
      let waitingOnBusy = false;
      for (let i = 0; i < queue.length && running.size < workers && !signal.aborted;) {
        const job = queue[i]!;
        const folder = join(out, job.id);
        const start = await jobStart(folder);
        if (start === 'busy') {
          waitingOnBusy = true; // a job still run by a killed sweep's child: look again later
          i++;
          continue;
        }
        queue.splice(i, 1);
        if (start === 'done') {
          record({
            job,
            folder,
            status: 'skipped',
            summary: (await readSummary(folder))!,
            seconds: 0,
          });
          continue;
        }
        running.set(job.index, launch(job, start, folder, options));
      }
      const pending = [...running.entries()].map(([index, run]) =>
        run.done.then((outcome) => ({ index, outcome })),
      );
      // Wake when a job ends, or after a while to look at busy folders again.
      const wake = new AbortController();
      const pause = delay(waitingOnBusy || pending.length === 0 ? 1000 : 60_000, undefined, {
        signal: wake.signal,
      }).catch(() => undefined);
      const first = await Promise.race([...pending, pause]);
      wake.abort();
      if (first) {
        running.delete(first.index);
        record(first.outcome);
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return jobs.filter((job) => outcomes.has(job.index)).map((job) => outcomes.get(job.index)!);
}

function launch(
  job: SweepJob,
  start: Exclude<JobStart, 'done' | 'busy'>,
  folder: string,
  options: SweepPoolOptions,
): Running {
  const started = performance.now();
  const { child, done: exited } = spawnTrainChild(
    options.cli,
    trainArgs(start, join(options.out, 'jobs', `${job.id}.json`), folder, options.trainFlags),
    join(options.out, 'logs', `${job.id}.log`),
    true,
  );
  // Synchronously, before anything else can run: see the header.
  const pidFile = childPidFile(folder);
  if (child.pid !== undefined) writeFileSync(pidFile, `${child.pid}\n`);
  const done = exited.then(async ({ code, lastLine }): Promise<JobOutcome> => {
    rmSync(pidFile, { force: true });
    const summary = await readSummary(folder);
    const finished = summary !== undefined && summary.stoppedBy !== 'aborted';
    const status = finished ? 'finished' : code === 130 ? 'interrupted' : 'failed';
    return {
      job,
      folder,
      status,
      ...(summary ? { summary } : {}),
      ...(status === 'failed' ? { error: lastLine || `exit code ${code}` } : {}),
      seconds: (performance.now() - started) / 1000,
    };
  });
  return { child, done };
}
