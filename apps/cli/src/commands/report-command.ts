/**
 * `olrd report SWEEP_DIR`: the tables and plots of a sweep folder (local `olrd sweep`): mean ±
 * std over seeds per setting of the sweep metric and of val/test loss and accuracy, the best
 * setting per method, and the val loss per epoch of every setting with a band of ± one std over
 * seeds. Writes report.md, report.csv and val-loss.svg into the folder; prints the markdown.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { RunSummary, TrainConfig } from '@olrd/train';
import { RUN_FILES, writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { renderSvg } from './render-svg.js';
import {
  bestPerMethod,
  formatSetting,
  formatStat,
  reportRows,
  type ReportJob,
  type ReportRow,
} from './report-table.js';
import { readRunMetrics } from './run-metrics.js';
import { SWEEP_RECORD_FILE, type SweepRecord } from './sweep-record.js';

/** `olrd report --help`. */
export function reportHelp(): string {
  return `usage: olrd report SWEEP_DIR

Tables and plots of a sweep folder written by 'olrd sweep': per setting (every swept value but
the seed) the mean ± std over seeds of the sweep's metric, val/test loss and test accuracy; the
best setting per method (rule); and val loss per epoch with a ± 1 std band over seeds.
Writes report.md, report.csv and val-loss.svg into SWEEP_DIR and prints the markdown table.

  -h, --help   show this help
`;
}

async function readJobs(
  dir: string,
): Promise<{ record: SweepRecord; jobs: ReportJob[]; second: ReportJob[] }> {
  let record: SweepRecord;
  try {
    record = JSON.parse(await readFile(join(dir, SWEEP_RECORD_FILE), 'utf8')) as SweepRecord;
  } catch {
    throw new UsageError(
      `${dir} is not a sweep folder (no readable sweep.json); pass the --out folder of 'olrd sweep'`,
    );
  }
  const withSummaries = (list: SweepRecord['jobs']) =>
    Promise.all(
      list.map(async (job) => {
        const text = await readFile(join(dir, job.id, RUN_FILES.summary), 'utf8').catch(
          () => undefined,
        );
        const summary = text === undefined ? undefined : (JSON.parse(text) as RunSummary);
        return { ...job, ...(summary ? { summary } : {}) };
      }),
    );
  return {
    record,
    jobs: await withSummaries(record.jobs),
    second: await withSummaries(record.then?.jobs ?? []),
  };
}

function markdown(
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

function csv(rows: readonly ReportRow[]): string {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row.setting)))];
  const header = [
    ...keys,
    'jobs',
    'n',
    'metric_mean',
    'metric_std',
    'val_loss_mean',
    'val_loss_std',
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

/** Val loss per epoch: one line per setting (the mean over seeds) and a ± 1 std band. */
async function valLossSpec(
  dir: string,
  record: SweepRecord,
  jobs: readonly ReportJob[],
  rows: readonly ReportRow[],
): Promise<TopLevelSpec | undefined> {
  const settingOf = (job: ReportJob) =>
    formatSetting(
      Object.fromEntries(
        Object.keys(rows[0]?.setting ?? {}).map((key) => [
          key,
          job.values[key as keyof TrainConfig],
        ]),
      ),
    );
  const points: Array<{ epoch: number; value: number; setting: string }> = [];
  for (const job of jobs) {
    if (!job.summary) continue;
    const metrics = await readRunMetrics(join(dir, job.id)).catch(() => undefined);
    for (const epoch of metrics?.epochs ?? [])
      if (Number.isFinite(epoch.val.loss))
        points.push({ epoch: epoch.epoch + 1, value: epoch.val.loss, setting: settingOf(job) });
  }
  if (points.length === 0) return undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${record.name}: val loss (mean ± 1 std over seeds)`,
    width: 560,
    height: 280,
    config: { aria: false, background: 'white', font: 'sans-serif', legend: { labelLimit: 360 } },
    data: { values: points },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'epoch',
        axis: { format: 'd', tickMinStep: 1 },
      },
      color: { field: 'setting', type: 'nominal', title: null },
    },
    layer: [
      {
        mark: { type: 'errorband', extent: 'stdev', opacity: 0.2 },
        encoding: {
          y: {
            field: 'value',
            type: 'quantitative',
            title: 'val loss (nats)',
            scale: { zero: false },
          },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 1.5, point: { filled: true, size: 30 } },
        encoding: { y: { aggregate: 'mean', field: 'value', type: 'quantitative' } },
      },
    ],
  };
}

/** Runs `olrd report`; resolves to the exit code. */
export async function reportCommand(args: readonly string[]): Promise<number> {
  const dirs = args.filter((arg) => !arg.startsWith('-'));
  const values = parseCommandArgs(
    args.filter((arg) => arg.startsWith('-')),
    { help: { type: 'boolean', short: 'h' } },
    'olrd report',
  );
  if (values.help) {
    process.stdout.write(reportHelp());
    return 0;
  }
  if (dirs.length !== 1)
    throw new UsageError("olrd report needs one sweep folder, e.g. 'olrd report runs/copy-rules'");
  const dir = dirs[0]!;
  const { record, jobs, second } = await readJobs(dir);
  const rows = reportRows(jobs, record.metric.name);
  const finished = jobs.filter((job) => job.summary && job.summary.stoppedBy !== 'aborted').length;
  let table = markdown(record, rows, finished, jobs.length);
  if (second.length > 0) {
    // The best settings again with new seeds: the figures a paper reports.
    const rerun = markdown(
      { ...record, name: `Best settings rerun with seeds ${record.then!.seeds.join(', ')}` },
      reportRows(second, record.metric.name),
      second.filter((job) => job.summary && job.summary.stoppedBy !== 'aborted').length,
      second.length,
    );
    table += `\n${rerun.replace(/^# /, '## ').replace(/\n## Best setting per method[\s\S]*$/, '\n')}`;
  }
  await writeFileAtomic(join(dir, 'report.md'), table);
  await writeFileAtomic(join(dir, 'report.csv'), csv(rows));
  const spec = await valLossSpec(dir, record, jobs, rows);
  if (spec) await writeFileAtomic(join(dir, 'val-loss.svg'), await renderSvg(spec));
  process.stdout.write(table);
  process.stderr.write(
    `olrd report: wrote report.md, report.csv${spec ? ', val-loss.svg' : ''} in ${dir}\n`,
  );
  return 0;
}
