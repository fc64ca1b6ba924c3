/**
 * `olrd report DIR… --table N`: one of the paper's Tables 1–3 from several sweep folders. Rows are
 * rules, columns the task/architecture each folder trained (folders of one column, such as
 * table2_sCIFAR and table2_sCIFAR_online_full, are merged), and a cell is the test accuracy,
 * mean ± std over seeds, of the rule's best setting: its second-stage jobs when the folder ran
 * them, else the scan's setting with the best mean sweep metric. The paper's figure sits beside.
 */
import type { SweepMetricName, TrainConfig } from '@olrd/train';
import { UsageError } from '../cli-errors.js';
import {
  PAPER_FIGURES,
  RULE_ORDER,
  TABLE_KINDS,
  type ColumnKey,
  type PaperFigure,
  type PaperTable,
} from './paper-results.js';
import { snakeKey } from './report-figure.js';
import { isFinished, methodOf, type ReportSweep } from './report-sweep.js';
import {
  bestPerMethod,
  formatSetting,
  formatStat,
  reportRows,
  stat,
  type ReportJob,
  type Stat,
} from './report-table.js';

/** One cell: a rule's best setting in one column. */
export interface TableCell {
  rule: string;
  /** The sweep folder it comes from. */
  dir: string;
  /** The scan's best setting (the swept values but the seed and the rule). */
  setting: Partial<TrainConfig>;
  /** The sweep's metric, and its value at that setting in the scan. */
  metricName: SweepMetricName;
  metric: Stat;
  source: 'second stage' | 'scan';
  /** Test accuracy (a fraction) over the seeds of `source`. */
  testAccuracy: Stat;
  paper?: PaperFigure;
}

/** A column of the table. */
export interface TableColumn {
  label: string;
  /** The paper's column beside it ('' for none); differs from `label` for a stand-in task. */
  paper: string;
  dirs: string[];
  cells: Map<string, TableCell>;
}

/** A table of the paper from sweeps. */
export interface PaperTableData {
  table: PaperTable;
  columns: TableColumn[];
  /** The rules of every column, in the paper's order, others after. */
  rules: string[];
}

/** A sweep with the config its first finished job trained (for the column). */
export interface TableSweep extends ReportSweep {
  /** A finished job's full config (config.json), or just its swept values. */
  config: Partial<TrainConfig>;
}

const columnKeyOf = (sweep: TableSweep, job: ReportJob): ColumnKey => ({
  dataset: String(job.values.dataset ?? job.summary?.dataset ?? sweep.config.dataset),
  layerCls: String(job.values.layerCls ?? sweep.config.layerCls ?? 'LRU'),
  nLayers: Number(job.values.nLayers ?? sweep.config.nLayers),
});

/** The rule's best scan setting, and its cell. */
function cellOf(sweep: TableSweep, rule: string, paper?: PaperFigure): TableCell | undefined {
  const { name, goal } = sweep.record.metric;
  const ruleJobs = sweep.jobs.filter((job) => methodOf(job) === rule);
  const rows = reportRows(ruleJobs, name);
  const best = bestPerMethod(rows, goal).get('all');
  if (!best) return undefined;
  const { trainingMode: _rule, ...swept } = best.setting;
  // The learning rate even where the sweep fixed it: the table says at which rate each rule ran.
  const lrBase = swept.lrBase ?? ruleJobs[0]?.values.lrBase;
  const setting = lrBase === undefined ? swept : { lrBase, ...swept };
  const rerun = sweep.second.filter((job) => methodOf(job) === rule && isFinished(job));
  const atBest = ruleJobs.filter(
    (job) =>
      isFinished(job) &&
      Object.entries(best.setting).every(
        ([key, value]) =>
          JSON.stringify(job.values[key as keyof TrainConfig]) === JSON.stringify(value),
      ),
  );
  const jobs = rerun.length > 0 ? rerun : atBest;
  return {
    rule,
    dir: sweep.dir,
    setting,
    metricName: name,
    metric: best.metric,
    source: rerun.length > 0 ? 'second stage' : 'scan',
    testAccuracy: stat(jobs.map((job) => job.summary?.test?.accuracy)),
    ...(paper ? { paper } : {}),
  };
}

/**
 * Lays the sweeps out as table `table`.
 *
 * @throws UsageError for a sweep of the wrong kind (another task or architecture than the
 *   table's; one that varies the task or architecture itself), or a rule in two folders of a
 *   column.
 */
export function paperTable(table: PaperTable, sweeps: readonly TableSweep[]): PaperTableData {
  const kind = TABLE_KINDS[table];
  const columns = new Map<string, TableColumn>();
  for (const sweep of sweeps) {
    const finished = sweep.jobs.filter(isFinished);
    const keys = finished.map((job) => columnKeyOf(sweep, job));
    const mixed = (['dataset', 'layerCls', 'nLayers'] as const).filter(
      (field) => new Set(keys.map((key) => key[field])).size > 1,
    );
    if (mixed.length > 0)
      throw new UsageError(
        `${sweep.dir}: sweep '${sweep.record.name}' varies ${mixed.map(snakeKey).join(', ')}, which a column of Table ${table} keeps fixed; it is not a Table ${table} sweep`,
      );
    const key = keys[0]!;
    if (!kind.accepts(key))
      throw new UsageError(
        `${sweep.dir}: sweep '${sweep.record.name}' trained ${key.layerCls} on ${key.dataset}; Table ${table} (${kind.caption}) takes ${kind.wants}`,
      );
    const label = kind.label(key);
    const column: TableColumn = columns.get(label) ?? {
      label,
      paper: kind.paperColumn(key),
      dirs: [],
      cells: new Map(),
    };
    columns.set(label, column);
    column.dirs.push(sweep.dir);
    for (const rule of new Set(finished.map(methodOf))) {
      const previous = column.cells.get(rule);
      if (previous)
        throw new UsageError(
          `column ${label} of Table ${table} has rule ${rule} from two folders (${previous.dir} and ${sweep.dir}); pass one of them`,
        );
      const cell = cellOf(sweep, rule, PAPER_FIGURES[table][column.paper]?.[rule]);
      if (cell) column.cells.set(rule, cell);
    }
  }
  const seen = [...new Set([...columns.values()].flatMap((column) => [...column.cells.keys()]))];
  const rank = (rule: string) => {
    const index = RULE_ORDER.indexOf(rule);
    return index === -1 ? RULE_ORDER.length + seen.indexOf(rule) : index;
  };
  return { table, columns: [...columns.values()], rules: seen.sort((a, b) => rank(a) - rank(b)) };
}

const percent = (figure: PaperFigure | undefined) =>
  figure ? `${figure.mean.toFixed(2)} ± ${figure.std.toFixed(2)}` : '—';

/** The table as markdown: a paper column beside each column the paper has figures for. */
export function paperTableMarkdown(data: PaperTableData): string {
  const { table, columns, rules } = data;
  const kind = TABLE_KINDS[table];
  const withPaper = (column: TableColumn) =>
    Object.keys(PAPER_FIGURES[table][column.paper] ?? {}).length > 0;
  const header = columns.flatMap((column) =>
    withPaper(column) ? [column.label, `${column.paper} (paper)`] : [column.label],
  );
  const cellText = (cell: TableCell | undefined) =>
    cell ? `${formatStat(cell.testAccuracy, true)}${cell.source === 'scan' ? ' *' : ''}` : '—';
  const lines = [
    `# Table ${table}: ${kind.caption}`,
    '',
    "Test accuracy % of each rule's best setting, mean ± std over seeds: the second stage's seeds (--then-seeds); * marks a cell from the scan's seeds at the best setting (no second stage). Paper: spec 1 §9, 3 seeds.",
    '',
    `| rule | ${header.join(' | ')} |`,
    `|---|${header.map(() => '---:').join('|')}|`,
    ...rules.map(
      (rule) =>
        `| ${rule} | ${columns
          .flatMap((column) => {
            const cell = column.cells.get(rule);
            const figure = PAPER_FIGURES[table][column.paper]?.[rule];
            return withPaper(column) ? [cellText(cell), percent(figure)] : [cellText(cell)];
          })
          .join(' | ')} |`,
    ),
    '',
    '## Best settings',
    '',
    '| column | rule | setting | metric (scan) | seeds | from | folder |',
    '|---|---|---|---:|---:|---|---|',
    ...columns.flatMap((column) =>
      rules.flatMap((rule) => {
        const cell = column.cells.get(rule);
        if (!cell) return [];
        const metric = formatStat(cell.metric, cell.metricName.endsWith('accuracy'));
        return [
          `| ${column.label} | ${rule} | ${formatSetting(cell.setting)} | ${cell.metricName} ${metric} | ${cell.testAccuracy.n} | ${cell.source} | ${cell.dir} |`,
        ];
      }),
    ),
    '',
  ];
  if (Object.keys(PAPER_FIGURES[table]).length === 0)
    lines.splice(
      3,
      0,
      `Spec 1 §9 gives no figures for Table ${table}, so there is no paper column.`,
      '',
    );
  return `${lines.join('\n')}\n`;
}

/** The table as CSV, one line per cell. */
export function paperTableCsv(data: PaperTableData): string {
  const quote = (value: unknown) => {
    const text =
      value === undefined || (typeof value === 'number' && Number.isNaN(value))
        ? ''
        : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = [
    'table',
    'column',
    'rule',
    'setting',
    'source',
    'n',
    'test_accuracy_mean',
    'test_accuracy_std',
    'paper_mean',
    'paper_std',
    'metric',
    'metric_mean',
    'metric_std',
    'folder',
  ];
  const lines = data.columns.flatMap((column) =>
    data.rules.flatMap((rule) => {
      const cell = column.cells.get(rule);
      if (!cell) return [];
      return [
        [
          data.table,
          column.label,
          rule,
          formatSetting(cell.setting),
          cell.source,
          cell.testAccuracy.n,
          cell.testAccuracy.mean * 100,
          cell.testAccuracy.std * 100,
          cell.paper?.mean,
          cell.paper?.std,
          cell.metricName,
          cell.metric.mean,
          cell.metric.std,
          cell.dir,
        ]
          .map(quote)
          .join(','),
      ];
    }),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
