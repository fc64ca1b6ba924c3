/**
 * The curves of `olrd report`: per job and epoch the val loss, the val accuracy, the cosine with
 * BPTT's gradient and BP(λ)'s learning-signal cosine (the epoch's mean over its logged batches), as long-form points that a
 * chart averages over seeds; and each job's alignment over its whole run, per scope. Pure
 * functions of the jobs and their parsed metrics.jsonl.
 */
import type { ReportJob } from './report-table.js';
import type { RunMetrics } from './run-metrics.js';

/** One value of one job at one epoch (1-based). */
export interface CurvePoint {
  epoch: number;
  value: number;
  /** The line it belongs to: the job's setting, or its rule. */
  series: string;
  /** The chart panel, for alignment its scope. */
  panel?: string;
}

/** What a curve shows. */
export type CurveQuantity = 'val loss' | 'val accuracy' | 'alignment' | 'signal alignment';

/**
 * BP(λ)'s learning-signal alignment per epoch (1-based): the mean over the epoch's logged batches
 * and the layers of the cosine of ℓ_t + s·ĝ_t with BPTT's ∂L/∂h_t (spec 2 §9).
 */
export function epochSignal(run: RunMetrics): Map<number, number> {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const point of run.signal) {
    if (!Number.isFinite(point.cosine)) continue;
    const at = point.epoch + 1;
    const entry = sums.get(at) ?? { sum: 0, n: 0 };
    sums.set(at, { sum: entry.sum + point.cosine, n: entry.n + 1 });
  }
  return new Map([...sums].map(([epoch, { sum, n }]) => [epoch, sum / n]));
}

/**
 * The alignment scopes a report shows, in order: all parameters as one vector, the mean over
 * layers, the last layer (its norm, LRU and GLU), and the last layer's recurrence alone, which
 * `online_full` gets exactly (cosine 1).
 */
export const ALIGNMENT_SCOPES = ['overall', 'layer mean', 'last layer', 'last layer rec'] as const;

/** One of {@link ALIGNMENT_SCOPES}. */
export type AlignmentScope = (typeof ALIGNMENT_SCOPES)[number];

/** An epoch's cosines (as run-metrics reads them) in the report's scopes. */
export function reportScopes(
  cosines: Record<string, number>,
): Partial<Record<AlignmentScope, number>> {
  const layers = Object.keys(cosines)
    .map((key) => /^layer (\d+)$/.exec(key)?.[1])
    .filter((index): index is string => index !== undefined)
    .map(Number);
  const last = layers.length > 0 ? Math.max(...layers) : undefined;
  const scopes: Partial<Record<AlignmentScope, number>> = {};
  const set = (scope: AlignmentScope, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) scopes[scope] = value;
  };
  set('overall', cosines['overall']);
  // One layer: its mean is the layer itself.
  set('layer mean', cosines['layer mean'] ?? (last === 0 ? cosines['layer 0'] : undefined));
  if (last !== undefined) {
    set('last layer', cosines[`layer ${last}`]);
    set('last layer rec', cosines[`layers.${last}.rec`]);
  }
  return scopes;
}

/**
 * The points of one quantity for every job with metrics; alignment points carry their scope as
 * `panel`. Non-finite values (a diverged epoch) are left out.
 */
export function curvePoints(
  jobs: readonly ReportJob[],
  metrics: ReadonlyMap<string, RunMetrics>,
  seriesOf: (job: ReportJob) => string,
  quantity: CurveQuantity,
): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const job of jobs) {
    const run = metrics.get(job.id);
    if (!run) continue;
    const series = seriesOf(job);
    if (quantity === 'signal alignment') {
      for (const [epoch, value] of epochSignal(run)) points.push({ epoch, value, series });
      continue;
    }
    for (const epoch of run.epochs) {
      const at = epoch.epoch + 1;
      if (quantity === 'alignment') {
        const scopes = reportScopes(epoch.alignment ?? {});
        for (const scope of ALIGNMENT_SCOPES)
          if (scopes[scope] !== undefined)
            points.push({ epoch: at, value: scopes[scope], series, panel: scope });
        continue;
      }
      const value = quantity === 'val loss' ? epoch.val.loss : epoch.val.accuracy;
      if (Number.isFinite(value)) points.push({ epoch: at, value, series });
    }
  }
  return points;
}

/**
 * A run's alignment with BPTT per scope: the mean over its epochs of each epoch's mean cosine
 * (every epoch logs the same number of batches). Empty when the run logged none.
 */
export function runAlignment(run: RunMetrics | undefined): Partial<Record<AlignmentScope, number>> {
  const sums = new Map<AlignmentScope, { sum: number; n: number }>();
  for (const epoch of run?.epochs ?? []) {
    const scopes = reportScopes(epoch.alignment ?? {});
    for (const scope of ALIGNMENT_SCOPES) {
      const value = scopes[scope];
      if (value === undefined) continue;
      const entry = sums.get(scope) ?? { sum: 0, n: 0 };
      sums.set(scope, { sum: entry.sum + value, n: entry.n + 1 });
    }
  }
  return Object.fromEntries([...sums].map(([scope, { sum, n }]) => [scope, sum / n]));
}
