/**
 * `olrd report SWEEP_DIR` and `olrd report DIR… --table N`: a sweep folder's tables (mean ± std
 * over seeds per setting, the best setting per method), its curves over training (val loss, val
 * accuracy, alignment with BPTT) and the Figure 2 panels it makes; or one of the paper's Tables
 * 1–3 from several sweep folders.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { TrainConfig } from '@olrd/train';
import { writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { PAPER_TABLES, type PaperTable } from './paper-results.js';
import { renderSvg } from './render-svg.js';
import { curvesChart, singleChart } from './report-charts.js';
import { ALIGNMENT_SCOPES, curvePoints, epochSignal, type CurveQuantity } from './report-curves.js';
import { figurePanels } from './report-figure-render.js';
import { selectFigure } from './report-figure.js';
import { sweepCsv, sweepMarkdown } from './report-markdown.js';
import {
  paperTable,
  paperTableCsv,
  paperTableMarkdown,
  type TableSweep,
} from './report-paper-table.js';
import {
  firstJobConfig,
  isFinished,
  readSweep,
  sweepMetrics,
  type ReportSweep,
} from './report-sweep.js';
import {
  formatSetting,
  formatStat,
  reportRows,
  stat,
  varyingKeys,
  type ReportJob,
} from './report-table.js';

const FLAGS = {
  figure: { type: 'string' },
  table: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `olrd report --help`. */
export function reportHelp(): string {
  return `usage: olrd report SWEEP_DIR [--figure auto|none|2AB|2CD|2EF] [--out DIR]
       olrd report SWEEP_DIR... --table 1|2|3 [--out DIR]

One sweep folder written by 'olrd sweep': per setting (every swept value but the seed) the
mean ± std over seeds of the sweep's metric, val/test loss and accuracy; the best setting per
method (rule), which is the best learning rate in a rules × lr scan; curves per epoch with a
± 1 std band over seeds: val-loss.svg, val-accuracy.svg and, when the sweep logged it
(log_n_batches > 0), alignment.svg (cosine with BPTT's gradient: overall, layer mean, last
layer, last layer's recurrence) and for bp_lambda jobs signal-alignment.svg with a table (the
learning signal's cosine with BPTT's ∂L/∂h); and the paper's Figure 2 panels the sweep makes, one SVG each
(figure2-A.svg ...) with their numbers in report.md:
  2AB  a sweep over n_layers (figure2_AB): A cosine with BPTT vs depth, B loss and accuracy vs depth
  2CD  a sweep over r_min (figure2_CD): C cosine vs r_min, D loss and accuracy vs r_min
  2EF  a sweep over training_mode (and lr_base) (figure2_EF): E the metric vs learning rate per
       rule, F val loss and accuracy per epoch at each rule's best rate (its second-stage seeds
       when the sweep ran --then-seeds)
Writes report.md, report.csv and the SVGs into SWEEP_DIR (or --out) and prints report.md.

With --table N, the paper's Table N from several sweep folders: rows are rules, columns the
task/architecture of each folder (Table 1: table1_lru, table1_linearrnn, table1_gru_4layers,
table1_gru_1layer; Table 2: table2_sCIFAR, table2_IMDB, table2_ListOps and their _online_full
folders; Table 3: table3 and table3_snap1; sequential and permuted Fashion-MNIST sweeps stand in
for sCIFAR, with its figures beside), cells the test accuracy mean ± std over seeds of
each rule's best setting (second-stage jobs when present, else the scan's best setting by the
sweep's metric), the paper's figures beside. Writes table<N>.md and table<N>.csv into --out
(default: the current folder) and prints the markdown.

  --figure F   auto (default: the pair a copy-task sweep makes, if any), none, 2AB, 2CD or 2EF
  --table N    1, 2 or 3: the paper's table from the folders given
  --out DIR    where to write (default: SWEEP_DIR; with --table the current folder)
  -h, --help   show this help
`;
}

function splitArgs(args: readonly string[]): { dirs: string[]; flags: string[] } {
  const dirs: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.replace(/^--/, '');
    if (arg.startsWith('--') && !arg.includes('=') && name in FLAGS && name !== 'help')
      flags.push(arg, args[++i] ?? '');
    else if (arg.startsWith('-')) flags.push(arg);
    else dirs.push(arg);
  }
  return { dirs, flags };
}

/** A chart of one curve quantity over epochs, when any job has points. */
function curveSpec(
  sweep: ReportSweep,
  metrics: Awaited<ReturnType<typeof sweepMetrics>>,
  quantity: CurveQuantity,
): TopLevelSpec | undefined {
  const keys = varyingKeys(sweep.jobs).filter((key) => key !== 'seed');
  const seriesOf = (job: ReportJob) =>
    formatSetting(
      Object.fromEntries(keys.map((key) => [key, job.values[key as keyof TrainConfig]])),
    );
  const points = curvePoints(sweep.jobs, metrics, seriesOf, quantity);
  if (points.length === 0) return undefined;
  const what =
    quantity === 'alignment'
      ? "cosine with BPTT's gradient"
      : quantity === 'signal alignment'
        ? "BP(λ)'s learning signal: cosine with BPTT's ∂L/∂h"
        : quantity;
  const title = `${sweep.record.name}: ${what} (mean ± 1 std over seeds)`;
  const chart =
    quantity === 'alignment'
      ? curvesChart({ yTitle: 'cosine similarity', panels: ALIGNMENT_SCOPES })
      : curvesChart({
          yTitle:
            quantity === 'val loss'
              ? 'val loss (nats)'
              : quantity === 'signal alignment'
                ? 'cosine similarity'
                : 'val accuracy',
        });
  return singleChart(title, points, chart);
}

/**
 * BP(λ)'s learning-signal alignment per setting, first and last epoch, mean ± std over seeds
 * (the paper's Figures 2–3 plot it against λ); '' when no job logged it.
 */
function signalMarkdown(
  sweep: ReportSweep,
  metrics: Awaited<ReturnType<typeof sweepMetrics>>,
  charted: boolean,
): string {
  const keys = varyingKeys(sweep.jobs).filter((key) => key !== 'seed');
  const settings = new Map<string, { first: number[]; last: number[] }>();
  for (const job of [...sweep.jobs, ...sweep.second]) {
    const run = metrics.get(job.id);
    const epochs = run ? [...epochSignal(run)].sort(([a], [b]) => a - b) : [];
    if (epochs.length === 0) continue;
    const setting = formatSetting(
      Object.fromEntries(keys.map((key) => [key, job.values[key as keyof TrainConfig]])),
    );
    const entry = settings.get(setting) ?? { first: [], last: [] };
    entry.first.push(epochs[0]![1]);
    entry.last.push(epochs.at(-1)![1]);
    settings.set(setting, entry);
  }
  if (settings.size === 0) return '';
  const rows = [...settings].map(
    ([setting, { first, last }]) =>
      `| ${setting} | ${formatStat(stat(first))} | ${formatStat(stat(last))} | ${last.length} |`,
  );
  return [
    '',
    "## BP(λ)'s learning-signal alignment",
    '',
    "Cosine of the signal ℓ_t + s·ĝ_t sent into the state with BPTT's ∂L/∂h_t, the epoch's mean over its logged batches and the layers; mean ± std over seeds.",
    ...(charted ? ['', '![](signal-alignment.svg)'] : []),
    '',
    '| setting | first epoch | last epoch | seeds |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

async function reportSweep(
  dir: string,
  out: string,
  figureFlag: string | undefined,
): Promise<void> {
  const sweep = await readSweep(dir);
  // Figure 2 is the copy task's: `auto` draws its panels for copy-task sweeps only (a Table 2
  // scan of rules × lr has E/F's shape but is not Figure 2); a named pair is drawn for any task.
  const requested = figureFlag ?? 'auto';
  const copyTask = (await firstJobConfig(sweep)).dataset === 'copy';
  const figure =
    requested === 'auto' && !copyTask ? undefined : selectFigure(sweep.jobs, requested);
  const { record, jobs, second } = sweep;
  const rows = reportRows(jobs, record.metric.name);
  let text = sweepMarkdown(record, rows, jobs.filter(isFinished).length, jobs.length);
  if (second.length > 0) {
    // The best settings again with new seeds: the figures a paper reports.
    const rerun = sweepMarkdown(
      { ...record, name: `Best settings rerun with seeds ${record.then!.seeds.join(', ')}` },
      reportRows(second, record.metric.name),
      second.filter(isFinished).length,
      second.length,
    );
    text += `\n${rerun.replace(/^# /, '## ').replace(/\n## Best setting per method[\s\S]*$/, '\n')}`;
  }
  const metrics = await sweepMetrics(dir, [...jobs, ...second]);
  const charts = new Map<string, TopLevelSpec>();
  for (const [file, quantity] of [
    ['val-loss.svg', 'val loss'],
    ['val-accuracy.svg', 'val accuracy'],
    ['alignment.svg', 'alignment'],
    ['signal-alignment.svg', 'signal alignment'],
  ] as const) {
    const spec = curveSpec(sweep, metrics, quantity);
    if (spec) charts.set(file, spec);
  }
  text += signalMarkdown(sweep, metrics, charts.has('signal-alignment.svg'));
  if (figure) {
    text += `\n# Figure 2 ${figure.slice(1, 2)}/${figure.slice(2)} (the paper's layout)\n`;
    for (const panel of figurePanels(sweep, metrics, figure)) {
      const file = `figure2-${panel.letter}.svg`;
      if (panel.spec) charts.set(file, panel.spec);
      text += `\n${panel.markdown.replace(/^## (.*)\n/, panel.spec ? `## $1\n\n![](${file})\n` : '## $1\n')}`;
    }
  }
  await mkdir(out, { recursive: true });
  await writeFileAtomic(join(out, 'report.md'), text);
  await writeFileAtomic(join(out, 'report.csv'), sweepCsv(rows));
  for (const [file, spec] of charts) await writeFileAtomic(join(out, file), await renderSvg(spec));
  process.stdout.write(text);
  process.stderr.write(
    `olrd report: wrote ${['report.md', 'report.csv', ...charts.keys()].join(', ')} in ${out}\n`,
  );
}

async function reportTable(dirs: readonly string[], out: string, table: PaperTable): Promise<void> {
  const sweeps: TableSweep[] = [];
  for (const dir of dirs) {
    const sweep = await readSweep(dir);
    sweeps.push({ ...sweep, config: await firstJobConfig(sweep) });
  }
  const data = paperTable(table, sweeps);
  const text = paperTableMarkdown(data);
  await mkdir(out, { recursive: true });
  await writeFileAtomic(join(out, `table${table}.md`), text);
  await writeFileAtomic(join(out, `table${table}.csv`), paperTableCsv(data));
  process.stdout.write(text);
  process.stderr.write(`olrd report: wrote table${table}.md, table${table}.csv in ${out}\n`);
}

/** Runs `olrd report`; resolves to the exit code. */
export async function reportCommand(args: readonly string[]): Promise<number> {
  const { dirs, flags } = splitArgs(args);
  const values = parseCommandArgs(flags, FLAGS, 'olrd report');
  if (values.help) {
    process.stdout.write(reportHelp());
    return 0;
  }
  const table = values.table as string | undefined;
  if (table !== undefined) {
    if (!(PAPER_TABLES as readonly string[]).includes(table))
      throw new UsageError(`--table takes 1, 2 or 3 (the paper's Tables 1-3), got '${table}'`);
    if (values.figure !== undefined)
      throw new UsageError('--figure is for one sweep folder; leave it out with --table');
    if (dirs.length === 0)
      throw new UsageError(
        `olrd report --table ${table} needs sweep folders, e.g. 'olrd report runs/table1_lru runs/table1_linearrnn --table 1'`,
      );
    await reportTable(dirs, (values.out as string | undefined) ?? '.', table as PaperTable);
    return 0;
  }
  if (dirs.length !== 1)
    throw new UsageError(
      dirs.length === 0
        ? "olrd report needs a sweep folder, e.g. 'olrd report runs/copy-rules'"
        : `olrd report takes one sweep folder (or several with --table N), got ${dirs.length}: ${dirs.join(', ')}`,
    );
  await reportSweep(
    dirs[0]!,
    (values.out as string | undefined) ?? dirs[0]!,
    values.figure as string | undefined,
  );
  return 0;
}
