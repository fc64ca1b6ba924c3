/**
 * `olrd sweep FILE`: runs a sweep file (W&B format) on a local pool of worker processes, each job
 * a normal `olrd train` run folder under the sweep folder. The sweep folder holds `sweep.json`
 * (the jobs, written at the first start and checked at every restart), `jobs/<id>.json` (each
 * job's config), `logs/<id>.log`, one run folder per job and `results.json` (every job's status
 * and metric). Killing the sweep and starting it again redoes only the unfinished jobs.
 */
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  expandSweep,
  parseSweepText,
  type SweepJob,
  type SweepSpec,
  type TrainConfig,
} from '@olrd/train';
import { claimRunFolder, readConfigFile, writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { formatDuration } from '../format.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { parseCheckpointEvery } from './run-flags.js';
import { metricValue } from './report-table.js';
import { checkQueueReachable, parseQueueUrl } from './queue-connection.js';
import { queueKeyOf, recordSecondStage, recordSweep, writeJobConfigs } from './sweep-folder.js';
import { SWEEP_RECORD_FILE } from './sweep-record.js';
import { runSweepJobs, type JobOutcome } from './sweep-pool.js';
import { createSweepProgress, type SweepCounts } from './sweep-progress.js';
import { runQueuedJobs } from './sweep-queue.js';
import { printSweepStatus } from './sweep-status.js';
import { parseSeedList, secondStageJobs } from './sweep-second-stage.js';

/** `olrd sweep --help`. */
export function sweepHelp(): string {
  return `usage: olrd sweep FILE [flags]

Runs a sweep file (W&B's format: method grid|random, metric, parameters with value, values or a
distribution with min/max, run_cap) on a local pool of worker processes. Each job is an olrd
train run folder under --out; stopping the sweep (Ctrl-C, kill) and starting it again skips
finished jobs, resumes checkpointed ones and redoes the rest.

  --out DIR                 sweep folder (default runs/<sweep name>)
  --workers N               jobs at a time (default: one per core, ${availableParallelism()} here)
  --config FILE             base config beneath every job (JSON or YAML)
  --checkpoint-every N|D    passed to each job (default 1m)
  --backend B               passed to each job
  --then-seeds S            the paper's protocol: when every job has finished, run the best
                            setting of each method (by the metric's mean over seeds) again with
                            the seeds S (e.g. 11-20, or 1,2,5)
  --queue URL               put the jobs in a BullMQ queue on this Redis server instead
                            (redis://host:port) and collect their results from the workers
                            ('olrd worker --queue URL' on any machines)
  --retries N               with --queue: times a failed job is tried again (default 1)
  --status                  show how the sweep's jobs stand (done, running, waiting, failed)
                            and exit; with --queue, as the queue sees them
  -h, --help                show this help
`;
}

const FLAGS = {
  out: { type: 'string' },
  workers: { type: 'string' },
  config: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  backend: { type: 'string' },
  'then-seeds': { type: 'string' },
  queue: { type: 'string' },
  retries: { type: 'string' },
  status: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Takes the sweep file out of the arguments, wherever it stands among the flags. */
function splitFile(args: readonly string[]): { files: string[]; flags: string[] } {
  const files: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.replace(/^--/, '').split('=')[0]!;
    if (
      arg.startsWith('--') &&
      !arg.includes('=') &&
      name in FLAGS &&
      FLAGS[name as keyof typeof FLAGS].type === 'string'
    )
      flags.push(arg, args[++i] ?? '');
    else if (arg.startsWith('-')) flags.push(arg);
    else files.push(arg);
  }
  return { files, flags };
}

/** Runs `olrd sweep`; resolves to the exit code. */
export async function sweepCommand(args: readonly string[]): Promise<number> {
  const { files, flags } = splitFile(args);
  const values = parseCommandArgs(flags, FLAGS, 'olrd sweep');
  if (values.help) {
    process.stdout.write(sweepHelp());
    return 0;
  }
  if (files.length !== 1)
    throw new UsageError(
      files.length === 0
        ? "olrd sweep needs a sweep file, e.g. 'olrd sweep experiments/reduced/figure2_EF.yaml'"
        : `olrd sweep takes one sweep file, got ${files.length}: ${files.join(', ')}`,
    );
  const file = files[0]!;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `cannot read sweep file ${file}: ${error.code === 'ENOENT' ? 'file not found' : error.message}`,
    );
  });
  const spec = parseSweepText(text, `sweep file ${file}`, basename(file, extname(file)));
  const out = typeof values.out === 'string' ? values.out : join('runs', spec.name);
  const url = typeof values.queue === 'string' ? parseQueueUrl(values.queue) : undefined;
  if (values.status) return printSweepStatus(out, url);
  const base: Partial<TrainConfig> =
    typeof values.config === 'string' ? await readConfigFile(values.config) : {};
  const jobs = expandSweep(spec, base, `sweep file ${file}`);
  const workersText = typeof values.workers === 'string' ? values.workers : undefined;
  if (url && workersText !== undefined)
    throw new UsageError(
      "--workers sets the local pool's size; with --queue the workers are 'olrd worker' processes (their --concurrency)",
    );
  const workers = workersText === undefined ? availableParallelism() : Number(workersText);
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new UsageError(`--workers must be an integer ≥ 1, got '${workersText}'`);
  const retriesText = typeof values.retries === 'string' ? values.retries : '1';
  const retries = Number(retriesText);
  if (!(Number.isInteger(retries) && retries >= 0))
    throw new UsageError(`--retries must be an integer ≥ 0, got '${retriesText}'`);
  if (!url && typeof values.retries === 'string')
    throw new UsageError(
      '--retries applies to --queue sweeps; a local sweep redoes a failed job on its next start',
    );
  const checkpointEvery =
    typeof values['checkpoint-every'] === 'string' ? values['checkpoint-every'] : '1m';
  parseCheckpointEvery(checkpointEvery);
  const thenSeeds =
    typeof values['then-seeds'] === 'string' ? parseSeedList(values['then-seeds']) : undefined;
  // Fail now, before the sweep folder is touched, when the queue's server is not there.
  if (url) await checkQueueReachable(url);

  // The sweep folder is the sweep's: one sweep process at a time.
  const hasRecord = await readFile(join(out, SWEEP_RECORD_FILE)).then(
    () => true,
    () => false,
  );
  const claim = await claimRunFolder(out, hasRecord ? 'resume' : 'new');
  try {
    await recordSweep(out, {
      name: spec.name,
      file,
      method: spec.method,
      metric: spec.metric,
      jobs: jobs.map(({ id, values: jobValues }) => ({ id, values: jobValues })),
    });
    await writeJobConfigs(out, base, jobs);
    const sweepKey = url ? await queueKeyOf(out) : undefined;
    const controller = new AbortController();
    const onInterrupt = () => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write(
        url
          ? '\nolrd sweep: stopping: the jobs stay queued and the workers go on; run the same command to collect them\n'
          : '\nolrd sweep: stopping: running jobs save their checkpoint (Ctrl-C again to quit now)\n',
      );
      controller.abort();
    };
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    process.stderr.write(
      `olrd sweep: ${spec.name}: ${jobs.length} jobs (${spec.method}), ` +
        `${url ? `queued on ${url.shown} as ${sweepKey}` : `${workers} at a time`}; folder ${out}\n`,
    );
    const started = performance.now();
    const progress = createSweepProgress(process.stderr, url ? undefined : workers);
    const trainFlags = [
      '--checkpoint-every',
      checkpointEvery,
      ...(typeof values.backend === 'string' ? ['--backend', values.backend] : []),
    ];
    const onJob = (outcome: JobOutcome, counts: SweepCounts) =>
      progress.job(describeOutcome(outcome, spec), outcome, counts);
    const runStage = (stageJobs: readonly SweepJob[]) =>
      url
        ? runQueuedJobs({
            jobs: stageJobs,
            out,
            sweepKey: sweepKey!,
            base,
            trainFlags,
            url,
            retries,
            signal: controller.signal,
            onJob,
            onStart: (job, worker) => progress.note(`${job.id}: running on ${worker}`),
          })
        : runSweepJobs({
            jobs: stageJobs,
            out,
            workers,
            trainFlags,
            // The CLI is bundled into one file: this module's own URL is the entry to spawn.
            cli: fileURLToPath(import.meta.url),
            signal: controller.signal,
            onJob,
          });
    const outcomes = await runStage(jobs);
    const scanDone = outcomes.every((o) => o.status === 'finished' || o.status === 'skipped');
    if (thenSeeds && scanDone && outcomes.length === jobs.length && !controller.signal.aborted) {
      const second = secondStageJobs(outcomes, spec.metric, thenSeeds);
      await recordSecondStage(out, thenSeeds, second);
      await writeJobConfigs(out, base, second);
      progress.note(
        `second stage: the best setting of each of ${second.length / thenSeeds.length} methods with seeds ${thenSeeds.join(', ')} (${second.length} jobs)`,
      );
      outcomes.push(...(await runStage(second)));
    } else if (thenSeeds && !controller.signal.aborted) {
      progress.note(
        'the second stage (--then-seeds) waits until every scan job has finished: run the same command again',
      );
    }
    progress.finish();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    const results = outcomes.map((outcome) => ({
      id: outcome.job.id,
      values: outcome.job.values,
      status: outcome.status === 'skipped' ? 'finished' : outcome.status,
      stage: outcome.job.index < jobs.length ? 'scan' : 'best',
      stoppedBy: outcome.summary?.stoppedBy ?? null,
      [spec.metric.name]: metricValue(outcome.summary, spec.metric.name) ?? null,
      ...(outcome.error ? { error: outcome.error } : {}),
    }));
    await writeFileAtomic(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    // Every job that had to run: the scan's, and the second stage's once it exists.
    const total = Math.max(outcomes.length, jobs.length);
    const unfinished =
      total - outcomes.filter((o) => o.status === 'finished' || o.status === 'skipped').length;
    const ranked = outcomes
      .map((o) => ({ o, value: metricValue(o.summary, spec.metric.name) }))
      .filter((r): r is { o: JobOutcome; value: number } => r.value !== undefined)
      .sort((a, b) => (spec.metric.goal === 'minimize' ? a.value - b.value : b.value - a.value));
    const best = ranked[0];
    process.stdout.write(
      `${spec.name}: ${total - unfinished}/${total} jobs finished, ${failed} failed` +
        `${controller.signal.aborted ? ', stopped (run the same command to go on)' : ''} in ${formatDuration((performance.now() - started) / 1000)}\n` +
        (best ? `best ${spec.metric.name} ${best.value.toFixed(4)}: ${best.o.job.id}\n` : '') +
        `sweep folder: ${out} (results.json)\n`,
    );
    if (controller.signal.aborted) return 130;
    return failed > 0 ? 1 : 0;
  } finally {
    await claim.release();
  }
}

function describeOutcome(outcome: JobOutcome, spec: SweepSpec): string {
  const metric = metricValue(outcome.summary, spec.metric.name);
  const shown = metric === undefined ? '' : ` ${spec.metric.name} ${metric.toFixed(4)}`;
  switch (outcome.status) {
    case 'skipped':
      return `${outcome.job.id}: finished before,${shown}`;
    case 'finished':
      return `${outcome.job.id}: done (${outcome.summary!.stoppedBy})${shown} in ${formatDuration(outcome.seconds)}`;
    case 'interrupted':
      return `${outcome.job.id}: stopped; it resumes from its checkpoint next time`;
    case 'failed':
      return `${outcome.job.id}: FAILED: ${outcome.error} (log: ${outcome.log ?? `logs/${outcome.job.id}.log`})`;
  }
}
