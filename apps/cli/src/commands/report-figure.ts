/**
 * The paper's Figure 2 from one sweep folder: which panels a sweep makes (A/B from the depth
 * sweep, C/D from the r_min sweep, E/F from the rules × learning-rate scan, chosen from what the
 * sweep varies or named with --figure), and the numbers of each panel: mean ± std over seeds per
 * swept value, the best learning rate per rule, and the jobs whose curves panel F draws.
 */
import { toKebabCase, type TrainConfig } from '@olrd/train';
import { UsageError } from '../cli-errors.js';
import { ALIGNMENT_SCOPES, runAlignment, type AlignmentScope } from './report-curves.js';
import { isFinished, methodOf, type ReportSweep } from './report-sweep.js';
import {
  bestPerMethod,
  metricValue,
  reportRows,
  stat,
  varyingKeys,
  type ReportJob,
  type ReportRow,
  type Stat,
} from './report-table.js';
import type { RunMetrics } from './run-metrics.js';

/** The Figure 2 panel pairs, by the sweep they come from (spec 1 §7). */
export const FIGURES = ['2AB', '2CD', '2EF'] as const;

/** One of {@link FIGURES}. */
export type Figure = (typeof FIGURES)[number];

/** The swept key of each pair, and the keys it may vary besides the seed. */
const FIGURE_KEYS: Record<Figure, { key: keyof TrainConfig; allowed: Array<keyof TrainConfig> }> = {
  '2AB': { key: 'nLayers', allowed: ['nLayers'] },
  '2CD': { key: 'rMin', allowed: ['rMin'] },
  '2EF': { key: 'trainingMode', allowed: ['trainingMode', 'lrBase'] },
};

/** `nLayers` → `n_layers`, the sweep file's spelling. */
export const snakeKey = (key: string): string => toKebabCase(key).replace(/-/g, '_');

/**
 * The panels of this sweep: `requested` is `auto` (the pair whose sweep this is, or none),
 * `none`, or a pair, which must then fit the sweep.
 *
 * @throws UsageError for an unknown value, or a pair the sweep cannot make (it varies another
 *   key, or also others).
 */
export function selectFigure(jobs: readonly ReportJob[], requested = 'auto'): Figure | undefined {
  const varying: Array<keyof TrainConfig> = varyingKeys(jobs).filter((key) => key !== 'seed');
  const fits = (figure: Figure) =>
    varying.includes(FIGURE_KEYS[figure].key) &&
    varying.every((key) => FIGURE_KEYS[figure].allowed.includes(key));
  if (requested === 'none') return undefined;
  if (requested === 'auto') return FIGURES.find(fits);
  const figure = requested.toUpperCase().replace(/^2?/, '2') as Figure;
  if (!FIGURES.includes(figure))
    throw new UsageError(`--figure takes auto, none, 2AB, 2CD or 2EF, got '${requested}'`);
  if (!fits(figure)) {
    const { key, allowed } = FIGURE_KEYS[figure];
    const others = allowed.filter((k) => k !== key).map(snakeKey);
    throw new UsageError(
      `Figure ${figure} needs a sweep over ${snakeKey(key)}${others.length > 0 ? ` (and optionally ${others.join(', ')})` : ''}` +
        ` besides the seed, as experiments/paper/figure2_${figure.slice(1)}.yaml; this sweep varies ${varying.map(snakeKey).join(', ') || 'only the seed'}`,
    );
  }
  return figure;
}

/** The numbers at one swept value of panels A–D. */
export interface SweptRow {
  x: number;
  jobs: number;
  valLoss: Stat;
  valAccuracy: Stat;
  testLoss: Stat;
  testAccuracy: Stat;
  /** Mean over each run of its epochs' mean cosine with BPTT, then mean ± std over seeds. */
  alignment: Record<AlignmentScope, Stat>;
}

/** Panels A/B (x = depth) or C/D (x = r_min): finished jobs grouped by the swept value. */
export function sweptRows(
  jobs: readonly ReportJob[],
  key: 'nLayers' | 'rMin',
  metrics: ReadonlyMap<string, RunMetrics>,
): SweptRow[] {
  const groups = new Map<number, ReportJob[]>();
  for (const job of jobs.filter(isFinished)) {
    const x = Number(job.values[key]);
    groups.set(x, [...(groups.get(x) ?? []), job]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([x, members]) => {
      const aligned = members.map((job) => runAlignment(metrics.get(job.id)));
      return {
        x,
        jobs: members.length,
        valLoss: stat(members.map((job) => job.summary?.val?.loss)),
        valAccuracy: stat(members.map((job) => job.summary?.val?.accuracy)),
        testLoss: stat(members.map((job) => job.summary?.test?.loss)),
        testAccuracy: stat(members.map((job) => job.summary?.test?.accuracy)),
        alignment: Object.fromEntries(
          ALIGNMENT_SCOPES.map((scope) => [scope, stat(aligned.map((a) => a[scope]))]),
        ) as Record<AlignmentScope, Stat>,
      };
    });
}

/** One rule of panels E/F. */
export interface RuleScan {
  rule: string;
  /** Its scan: the sweep metric at each learning rate (ascending). */
  scan: Array<{ lr: number; row: ReportRow }>;
  /** The best learning rate by the mean metric, and its row. */
  best: { lr: number; row: ReportRow } | undefined;
  /** The jobs panel F draws: the second stage's when it has finished ones, else the best scan setting's. */
  curveJobs: ReportJob[];
  /** Where `curveJobs` come from. */
  curveSource: 'second stage' | 'scan';
}

/** Panels E/F: per rule (first-seen order) its learning-rate scan and best rate. */
export function ruleScans(sweep: ReportSweep): RuleScan[] {
  const { record, jobs, second } = sweep;
  const rows = reportRows(jobs, record.metric.name);
  const best = bestPerMethod(rows, record.metric.goal);
  const rules = [...new Set(jobs.map(methodOf))];
  const lrOf = (row: ReportRow, job?: ReportJob) =>
    Number(row.setting.lrBase ?? job?.values.lrBase ?? Number.NaN);
  return rules.map((rule) => {
    const ruleJobs = jobs.filter((job) => methodOf(job) === rule);
    const fixedLr = ruleJobs[0];
    const scan = rows
      .filter((row) => String(row.setting.trainingMode) === rule)
      .map((row) => ({ lr: lrOf(row, fixedLr), row }))
      .sort((a, b) => a.lr - b.lr);
    const bestRow = best.get(rule);
    const bestLr = bestRow ? lrOf(bestRow, fixedLr) : undefined;
    const rerun = second.filter((job) => methodOf(job) === rule && isFinished(job));
    const atBest = ruleJobs.filter(
      (job) =>
        isFinished(job) &&
        metricValue(job.summary, record.metric.name) !== undefined &&
        bestRow !== undefined &&
        Object.entries(bestRow.setting).every(
          ([key, value]) => job.values[key as keyof TrainConfig] === value,
        ),
    );
    return {
      rule,
      scan,
      best: bestRow && bestLr !== undefined ? { lr: bestLr, row: bestRow } : undefined,
      curveJobs: rerun.length > 0 ? rerun : atBest,
      curveSource: rerun.length > 0 ? 'second stage' : 'scan',
    };
  });
}
