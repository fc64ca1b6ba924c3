/**
 * The paper's protocol as a second stage of a sweep (`olrd sweep FILE --then-seeds 11-20`): once
 * every job of the scan has finished, the best setting of each method (by the sweep's metric,
 * mean over the scan's seeds) is run again with the given seeds. Deterministic: the same scan
 * results give the same second-stage jobs, so a restarted sweep finds them again.
 */
import type { RunSummary, SweepJob, SweepMetricName } from '@olrd/train';
import { UsageError } from '../cli-errors.js';
import { bestPerMethod, reportRows } from './report-table.js';

/**
 * `11-20` or `1,2,5` (or both: `1,5-7`) → the seeds.
 *
 * @throws UsageError showing what was typed.
 */
export function parseSeedList(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || to < from || to - from > 10_000)
      throw new UsageError(`--then-seeds takes seeds like 11-20 or 1,2,5, got '${text}'`);
    for (let seed = from; seed <= to; seed++) seeds.push(seed);
  }
  return [...new Set(seeds)];
}

/** The second stage's jobs: each method's best setting of the scan, once per seed. */
export function secondStageJobs(
  scan: ReadonlyArray<{ job: SweepJob; summary?: RunSummary }>,
  metric: { name: SweepMetricName; goal: 'minimize' | 'maximize' },
  seeds: readonly number[],
): SweepJob[] {
  const reportJobs = scan.map(({ job, summary }) => ({
    id: job.id,
    values: job.values,
    ...(summary ? { summary } : {}),
  }));
  const best = bestPerMethod(reportRows(reportJobs, metric.name), metric.goal);
  const jobs: SweepJob[] = [];
  for (const [method, row] of best) {
    // A scan job of that setting carries the values the setting leaves out (the fixed ones).
    const member = scan.find(({ job }) =>
      Object.entries(row.setting).every(
        ([key, value]) =>
          JSON.stringify(job.values[key as keyof SweepJob['values']]) === JSON.stringify(value),
      ),
    )!;
    for (const seed of seeds) {
      const id = `best_${method}_seed=${seed}`.replace(/[^A-Za-z0-9.=+-]+/g, '_');
      jobs.push({ index: scan.length + jobs.length, id, values: { ...member.job.values, seed } });
    }
  }
  return jobs;
}
