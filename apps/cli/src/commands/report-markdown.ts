/**
 * The tables of one sweep in `olrd report`: per setting (every swept value but the seed) mean ±
 * std over seeds of the sweep metric and of val/test loss and accuracy, and the best setting per
 * method, as markdown (report.md) and CSV (report.csv).
 */
import type { TrainConfig } from '@olrd/train';
import { bestPerMethod, formatSetting, formatStat, type ReportRow } from './report-table.js';
import type { SweepRecord } from './sweep-record.js';

/** The markdown of one sweep's settings (`# name`, the table, the best setting per method). */
export function sweepMarkdown(
  record: SweepRecord,
  rows: readonly ReportRow[],
  finished: number,
  total: number,
): string {
  const metric = record.metric.name;
  const percent = metric.endsWith('accuracy');
  // The sweep's metric is one of these columns: its header says so.
  const columns: Array<[string, (row: ReportRow) => string]> = [
    ['val loss', (row) => formatStat(row.valLoss)],
    ['val accuracy %', (row) => formatStat(row.valAccuracy, true)],
    ['test loss', (row) => formatStat(row.testLoss)],
    ['test accuracy %', (row) => formatStat(row.testAccuracy, true)],
  ];
  const header = columns.map(([name]) =>
    name.replace(' %', '') === metric ? `**${name}** (metric)` : name,
  );
  const lines = [
    `# ${record.name}`,
    '',
    `${finished}/${total} jobs finished; mean ± std over seeds (sample std); metric: ${metric} (${record.metric.goal}).`,
    '',
    `| setting | seeds | ${header.join(' | ')} | diverged |`,
    `|---|---:|${columns.map(() => '---:').join('|')}|---:|`,
    ...rows.map(
      (row) =>
        `| ${formatSetting(row.setting)} | ${row.metric.n}/${row.jobs} | ${columns.map(([, cell]) => cell(row)).join(' | ')} | ${row.diverged} |`,
    ),
    '',
    `## Best setting per method (by mean ${metric})`,
    '',
    `| method | setting | ${metric} |`,
    '|---|---|---:|',
    ...[...bestPerMethod(rows, record.metric.goal)].map(
      ([method, row]) =>
        `| ${method} | ${formatSetting(row.setting)} | ${formatStat(row.metric, percent)} |`,
    ),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** The CSV of one sweep: one line per setting. */
export function sweepCsv(rows: readonly ReportRow[]): string {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row.setting)))];
  const header = [
    ...keys,
    'jobs',
    'n',
    'metric_mean',
    'metric_std',
    'val_loss_mean',
    'val_loss_std',
    'val_accuracy_mean',
    'val_accuracy_std',
    'test_loss_mean',
    'test_loss_std',
    'test_accuracy_mean',
    'test_accuracy_std',
    'diverged',
  ];
  const cell = (value: unknown) => {
    const text =
      value === undefined || (typeof value === 'number' && Number.isNaN(value))
        ? ''
        : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const body = rows.map((row) =>
    [
      ...keys.map((key) => row.setting[key as keyof TrainConfig]),
      row.jobs,
      row.metric.n,
      row.metric.mean,
      row.metric.std,
      row.valLoss.mean,
      row.valLoss.std,
      row.valAccuracy.mean,
      row.valAccuracy.std,
      row.testLoss.mean,
      row.testLoss.std,
      row.testAccuracy.mean,
      row.testAccuracy.std,
      row.diverged,
    ]
      .map(cell)
      .join(','),
  );
  return `${[header.join(','), ...body].join('\n')}\n`;
}
