/**
 * A sweep folder as `olrd report` reads it: `sweep.json` (the scan's jobs and the second stage's),
 * each job's `summary.json` when it finished, and its `metrics.jsonl` on demand. The errors a
 * user can act on (not a sweep folder, nothing finished yet) are {@link UsageError}s.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSummary, TrainConfig } from '@olrd/train';
import { RUN_FILES } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import type { ReportJob } from './report-table.js';
import { readRunMetrics, type RunMetrics } from './run-metrics.js';
import { SWEEP_RECORD_FILE, type SweepRecord } from './sweep-record.js';

/** A sweep folder's record and jobs, with the summaries of those that finished. */
export interface ReportSweep {
  dir: string;
  record: SweepRecord;
  /** The scan's jobs. */
  jobs: ReportJob[];
  /** The second stage's jobs (`best_<rule>_seed=<s>`; empty without --then-seeds). */
  second: ReportJob[];
}

/** A job that ran to the end (or stopped early, or diverged), not one cut short. */
export const isFinished = (job: ReportJob): boolean =>
  job.summary !== undefined && job.summary.stoppedBy !== 'aborted';

/** The rule of a job: its swept or fixed `trainingMode`, else the one its summary names. */
export const methodOf = (job: ReportJob): string =>
  String(job.values.trainingMode ?? job.summary?.trainingMode ?? 'all');

/**
 * Reads a sweep folder.
 *
 * @throws UsageError when `dir` holds no readable sweep.json, or no job of it has finished.
 */
export async function readSweep(dir: string): Promise<ReportSweep> {
  const text = await readFile(join(dir, SWEEP_RECORD_FILE), 'utf8').catch(() => undefined);
  let record: SweepRecord | undefined;
  try {
    record = text === undefined ? undefined : (JSON.parse(text) as SweepRecord);
  } catch {
    record = undefined;
  }
  if (!record || !Array.isArray(record.jobs) || !record.metric) {
    const results = await stat(join(dir, 'results.json')).catch(() => undefined);
    throw new UsageError(
      results
        ? `${dir} holds results.json but no ${SWEEP_RECORD_FILE}: a sweep's summary without its job folders, which olrd report needs; report the sweep's own --out folder`
        : `${dir} is not a sweep folder (no readable ${SWEEP_RECORD_FILE}); pass the --out folder of 'olrd sweep'`,
    );
  }
  const withSummaries = (list: SweepRecord['jobs']) =>
    Promise.all(
      list.map(async (job): Promise<ReportJob> => {
        const summaryText = await readFile(join(dir, job.id, RUN_FILES.summary), 'utf8').catch(
          () => undefined,
        );
        const summary =
          summaryText === undefined ? undefined : (JSON.parse(summaryText) as RunSummary);
        return { id: job.id, values: job.values, ...(summary ? { summary } : {}) };
      }),
    );
  const sweep = {
    dir,
    record,
    jobs: await withSummaries(record.jobs),
    second: await withSummaries(record.then?.jobs ?? []),
  };
  if (!sweep.jobs.some(isFinished))
    throw new UsageError(
      `${dir}: no job of sweep '${record.name}' has finished yet (0/${record.jobs.length}); run 'olrd sweep' to the end first`,
    );
  return sweep;
}

/** A job's metrics.jsonl, or undefined when it cannot be read (a job never started). */
export async function jobMetrics(dir: string, job: ReportJob): Promise<RunMetrics | undefined> {
  return readRunMetrics(join(dir, job.id)).catch(() => undefined);
}

/** The metrics of every finished job, by id. */
export async function sweepMetrics(
  dir: string,
  jobs: readonly ReportJob[],
): Promise<Map<string, RunMetrics>> {
  const metrics = new Map<string, RunMetrics>();
  for (const job of jobs) {
    if (!isFinished(job)) continue;
    const read = await jobMetrics(dir, job);
    if (read) metrics.set(job.id, read);
  }
  return metrics;
}

/** The full config (config.json) of the sweep's first finished job, else its swept values. */
export async function firstJobConfig(sweep: ReportSweep): Promise<Partial<TrainConfig>> {
  const job = sweep.jobs.find(isFinished);
  if (!job) return {};
  const text = await readFile(join(sweep.dir, job.id, RUN_FILES.config), 'utf8').catch(
    () => undefined,
  );
  return text === undefined ? job.values : (JSON.parse(text) as Partial<TrainConfig>);
}
