/**
 * Figure 2's panels as files: for each panel a Vega-Lite chart (figure2-A.svg …) and the table
 * of its numbers for report.md. A/C need the sweep to have logged alignment (log_n_batches > 0);
 * without it the panel is left out with a note.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  curvesChart,
  sideBySide,
  singleChart,
  sweptChart,
  type SweptPoint,
} from './report-charts.js';
import { ALIGNMENT_SCOPES, curvePoints, runAlignment } from './report-curves.js';
import { ruleScans, snakeKey, sweptRows, type Figure } from './report-figure.js';
import { isFinished, methodOf, type ReportSweep } from './report-sweep.js';
import { formatStat, metricValue, stat, type ReportJob } from './report-table.js';
import type { RunMetrics } from './run-metrics.js';

/** One panel: its letter, chart (absent when there is nothing to draw) and markdown. */
export interface Panel {
  letter: string;
  spec?: TopLevelSpec;
  markdown: string;
}

const table = (header: string[], rows: string[][], align?: string[]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => align?.[i] ?? '---:').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

/** Panels A/B (depth) or C/D (r_min). */
function sweptPanels(
  sweep: ReportSweep,
  metrics: ReadonlyMap<string, RunMetrics>,
  figure: '2AB' | '2CD',
): Panel[] {
  const key = figure === '2AB' ? 'nLayers' : 'rMin';
  const [alignLetter, lossLetter] = figure === '2AB' ? ['A', 'B'] : ['C', 'D'];
  const name = figure === '2AB' ? 'depth (n_layers)' : 'r_min';
  const rows = sweptRows(sweep.jobs, key, metrics);
  const ticks = rows.map((row) => row.x);
  const finished = sweep.jobs.filter(isFinished);
  const alignmentPoints: SweptPoint[] = finished.flatMap((job) => {
    const aligned = runAlignment(metrics.get(job.id));
    return ALIGNMENT_SCOPES.flatMap((scope) =>
      aligned[scope] === undefined
        ? []
        : [{ x: Number(job.values[key]), value: aligned[scope], series: scope }],
    );
  });
  const swept = (value: (job: ReportJob) => number | null | undefined) =>
    finished.flatMap((job) => {
      const y = value(job);
      return typeof y === 'number' && Number.isFinite(y)
        ? [{ x: Number(job.values[key]), value: y, series: methodOf(job) }]
        : [];
    });
  const alignTitle = `Figure 2${alignLetter}: cosine with BPTT's gradient vs ${name}`;
  const align: Panel =
    alignmentPoints.length === 0
      ? {
          letter: alignLetter,
          markdown: `## ${alignTitle}\n\nNo alignment logged (the sweep ran with log_n_batches 0): no panel ${alignLetter}.\n`,
        }
      : {
          letter: alignLetter,
          spec: singleChart(
            `${alignTitle} (mean over training; mean ± 1 std over seeds)`,
            alignmentPoints,
            sweptChart({
              xTitle: snakeKey(key),
              yTitle: 'cosine similarity with BPTT',
              ticks,
              seriesOrder: ALIGNMENT_SCOPES,
            }),
          ),
          markdown: `## ${alignTitle}\n\n${table(
            [snakeKey(key), 'seeds', ...ALIGNMENT_SCOPES],
            rows.map((row) => [
              String(row.x),
              String(row.jobs),
              ...ALIGNMENT_SCOPES.map((scope) => formatStat(row.alignment[scope])),
            ]),
          )}\n`,
        };
  const lossTitle = `Figure 2${lossLetter}: loss and accuracy vs ${name}`;
  const loss: Panel = {
    letter: lossLetter,
    spec: sideBySide(`${lossTitle} (best epoch; mean ± 1 std over seeds)`, [
      {
        points: swept((job) => job.summary?.val?.loss),
        chart: sweptChart({ xTitle: snakeKey(key), yTitle: 'val loss (nats)', ticks }),
      },
      {
        points: swept((job) => job.summary?.val?.accuracy),
        chart: sweptChart({ xTitle: snakeKey(key), yTitle: 'val accuracy', ticks }),
      },
    ]),
    markdown: `## ${lossTitle}\n\n${table(
      [snakeKey(key), 'seeds', 'val loss', 'val accuracy %', 'test loss', 'test accuracy %'],
      rows.map((row) => [
        String(row.x),
        String(row.jobs),
        formatStat(row.valLoss),
        formatStat(row.valAccuracy, true),
        formatStat(row.testLoss),
        formatStat(row.testAccuracy, true),
      ]),
    )}\n`,
  };
  return [align, loss];
}

/** Panels E (the learning-rate scan per rule) and F (curves at each rule's best rate). */
function rulePanels(sweep: ReportSweep, metrics: ReadonlyMap<string, RunMetrics>): Panel[] {
  const metric = sweep.record.metric.name;
  const percent = metric.endsWith('accuracy');
  const scans = ruleScans(sweep);
  const lrs = [...new Set(scans.flatMap((s) => s.scan.map(({ lr }) => lr)))].sort((a, b) => a - b);
  const scanPoints: SweptPoint[] = sweep.jobs.filter(isFinished).flatMap((job) => {
    const value = metricValue(job.summary, metric);
    return value === undefined
      ? []
      : [{ x: Number(job.values.lrBase), value, series: methodOf(job) }];
  });
  const eTitle = `Figure 2E: ${metric} vs learning rate per rule`;
  const e: Panel = {
    letter: 'E',
    spec: singleChart(
      `${eTitle} (mean ± 1 std over seeds)`,
      scanPoints,
      sweptChart({ xTitle: 'learning rate (lr_base)', yTitle: metric, ticks: lrs, logX: true }),
    ),
    markdown: `## ${eTitle}\n\nThe scan: mean ± std over seeds of the sweep's metric; the best rate of each rule in bold.\n\n${table(
      ['rule', ...lrs.map((lr) => `lr ${lr}`), 'best lr'],
      scans.map((s) => [
        s.rule,
        ...lrs.map((lr) => {
          const cell = s.scan.find((entry) => entry.lr === lr);
          if (!cell) return '';
          const text = formatStat(cell.row.metric, percent);
          return s.best?.row === cell.row ? `**${text}**` : text;
        }),
        s.best ? String(s.best.lr) : '—',
      ]),
      ['---', ...lrs.map(() => '---:'), '---:'],
    )}\n`,
  };
  const curveJobs = scans.flatMap((s) => s.curveJobs);
  const seriesOf = (job: ReportJob) => `${methodOf(job)} (lr ${String(job.values.lrBase)})`;
  const fTitle = "Figure 2F: val loss and accuracy over training at each rule's best learning rate";
  const lossPoints = curvePoints(curveJobs, metrics, seriesOf, 'val loss');
  const f: Panel = {
    letter: 'F',
    ...(lossPoints.length > 0
      ? {
          spec: sideBySide(`${fTitle} (mean ± 1 std over seeds)`, [
            { points: lossPoints, chart: curvesChart({ yTitle: 'val loss (nats)' }) },
            {
              points: curvePoints(curveJobs, metrics, seriesOf, 'val accuracy'),
              chart: curvesChart({ yTitle: 'val accuracy' }),
            },
          ]),
        }
      : {}),
    markdown: `## ${fTitle}\n\n${table(
      ['rule', 'best lr', 'seeds', 'from', 'val loss', 'val accuracy %', 'test accuracy %'],
      scans.map((s) => [
        s.rule,
        s.best ? String(s.best.lr) : '—',
        String(s.curveJobs.length),
        s.curveSource,
        formatStat(stat(s.curveJobs.map((job) => job.summary?.val?.loss))),
        formatStat(stat(s.curveJobs.map((job) => job.summary?.val?.accuracy)), true),
        formatStat(stat(s.curveJobs.map((job) => job.summary?.test?.accuracy)), true),
      ]),
      ['---', '---:', '---:', '---', '---:', '---:', '---:'],
    )}\n`,
  };
  return [e, f];
}

/** The two panels of `figure` from the sweep. */
export function figurePanels(
  sweep: ReportSweep,
  metrics: ReadonlyMap<string, RunMetrics>,
  figure: Figure,
): Panel[] {
  return figure === '2EF' ? rulePanels(sweep, metrics) : sweptPanels(sweep, metrics, figure);
}
