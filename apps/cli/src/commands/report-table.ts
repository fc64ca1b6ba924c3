/**
 * The numbers of `olrd report`: a sweep's jobs grouped into settings (every swept value but the
 * seed), each with mean ± std over its seeds of the sweep metric and of val/test loss and
 * accuracy, and the best setting per method (per rule, when the rule is swept). Pure functions
 * over plain records, so they are tested without running a sweep.
 */
import type { RunSummary, SweepMetricName, TrainConfig } from '@olrd/train';

/** One job as the report reads it. */
export interface ReportJob {
  id: string;
  values: Partial<TrainConfig>;
  summary?: RunSummary;
}

/** Mean, sample standard deviation and count of the finite values. */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

/** One row of the table: a setting and its statistics over seeds. */
export interface ReportRow {
  /** The swept values other than the seed, e.g. `{ trainingMode: 'bptt', lrBase: 0.001 }`. */
  setting: Partial<TrainConfig>;
  /** Jobs in the setting, and how many finished with a metric. */
  jobs: number;
  metric: Stat;
  valLoss: Stat;
  valAccuracy: Stat;
  testLoss: Stat;
  testAccuracy: Stat;
  /** Jobs that diverged. */
  diverged: number;
}

/** Statistics of the finite values (NaN mean when there are none; std 0 for one value). */
export function stat(values: readonly (number | null | undefined)[]): Stat {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n };
  const mean = finite.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), n };
}

/** A run's value of the sweep metric (`val loss` → `summary.val.loss`), when finite. */
export function metricValue(
  summary: RunSummary | undefined,
  metric: SweepMetricName,
): number | undefined {
  if (!summary) return undefined;
  const [split, quantity] = metric.split(' ') as ['val' | 'test', 'loss' | 'accuracy'];
  const value = summary[split]?.[quantity];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The swept keys whose values differ across jobs, seed last. */
export function varyingKeys(jobs: readonly ReportJob[]): Array<keyof TrainConfig> {
  const keys = new Set<keyof TrainConfig>();
  for (const job of jobs)
    for (const key of Object.keys(job.values)) keys.add(key as keyof TrainConfig);
  return [...keys].filter(
    (key) => new Set(jobs.map((job) => JSON.stringify(job.values[key]))).size > 1,
  );
}

/** Groups the jobs into settings (first-seen order) with their statistics. */
export function reportRows(jobs: readonly ReportJob[], metric: SweepMetricName): ReportRow[] {
  const settingKeys = varyingKeys(jobs).filter((key) => key !== 'seed');
  const groups = new Map<string, ReportJob[]>();
  for (const job of jobs) {
    const setting = Object.fromEntries(settingKeys.map((key) => [key, job.values[key]]));
    const id = JSON.stringify(setting);
    groups.set(id, [...(groups.get(id) ?? []), job]);
  }
  return [...groups.entries()].map(([id, members]) => ({
    setting: JSON.parse(id) as Partial<TrainConfig>,
    jobs: members.length,
    metric: stat(members.map((job) => metricValue(job.summary, metric))),
    valLoss: stat(members.map((job) => job.summary?.val?.loss)),
    valAccuracy: stat(members.map((job) => job.summary?.val?.accuracy)),
    testLoss: stat(members.map((job) => job.summary?.test?.loss)),
    testAccuracy: stat(members.map((job) => job.summary?.test?.accuracy)),
    diverged: members.filter((job) => job.summary?.stoppedBy === 'diverged').length,
  }));
}

/**
 * The best setting of each method (its rule when `trainingMode` is swept, else one overall) by
 * the mean metric; settings without a finished job are not candidates.
 */
export function bestPerMethod(
  rows: readonly ReportRow[],
  goal: 'minimize' | 'maximize',
): Map<string, ReportRow> {
  const best = new Map<string, ReportRow>();
  for (const row of rows) {
    if (row.metric.n === 0) continue;
    const method = String(row.setting.trainingMode ?? 'all');
    const current = best.get(method);
    const better =
      current === undefined ||
      (goal === 'minimize'
        ? row.metric.mean < current.metric.mean
        : row.metric.mean > current.metric.mean);
    if (better) best.set(method, row);
  }
  return best;
}

/** `0.1234 ± 0.0056` (or `—` without values); accuracies as percentages. */
export function formatStat(value: Stat, percent = false): string {
  if (value.n === 0) return '—';
  const scale = percent ? 100 : 1;
  const digits = percent ? 1 : 4;
  const mean = (value.mean * scale).toFixed(digits);
  return value.n > 1 ? `${mean} ± ${(value.std * scale).toFixed(digits)}` : mean;
}

/** The setting as `trainingMode=bptt, lrBase=0.001`. */
export function formatSetting(setting: Partial<TrainConfig>): string {
  const parts = Object.entries(setting).map(([key, value]) => `${key}=${String(value)}`);
  return parts.length > 0 ? parts.join(', ') : '(one setting)';
}
