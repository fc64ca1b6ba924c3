/**
 * The run's loss and accuracy per learner (and copy-repeat's curriculum), with the view's
 * controls: an EMA smoothing of the noisy per-batch curves, drawn over the raw ones (faint), and a
 * log scale for the loss.
 */
import { useMemo } from 'react';
import type { StepRecord } from '../lib/metrics-jsonl.js';
import type { WebTask } from '../protocol.js';
import { learnerColor } from '../lib/colors.js';
import { joinSeries, mapColumns, type Columns } from '../lib/chart-data.js';
import { smoothEma } from '../lib/smoothing.js';
import { MAX_SMOOTHING, VIEW_LABELS, type ChartView } from '../lib/settings-codec.js';
import { ACCURACY_AXIS, LOSS_AXIS, chartLabels } from '../lib/task-views.js';
import { TimeChart, type ChartSeries } from './TimeChart.js';

type Learner = StepRecord['learners'][number];

interface Props {
  history: StepRecord[];
  rules: string[];
  task: WebTask | undefined;
  view: ChartView;
  onView: (view: ChartView) => void;
}

const percent = (value: number) => value.toFixed(1);
const PERCENT_RANGE: [number, number] = [0, 100];

/** Per learner: its raw curve (faint when smoothed) and, when smoothing, its smoothed one. */
function smoothed(raw: Columns, rules: string[], smoothing: number): [ChartSeries[], Columns] {
  const colors = rules.map((_, i) => learnerColor(i));
  if (smoothing === 0) return [rules.map((label, i) => ({ label, color: colors[i]! })), raw];
  const [xs, ...ys] = raw;
  const series = rules.flatMap((rule, i) => [
    { label: `${rule} raw`, color: colors[i]!, faint: true },
    { label: rule, color: colors[i]! },
  ]);
  return [series, [xs, ...ys.flatMap((column) => [column, smoothEma(column, smoothing)])]];
}

function columnsOf(history: StepRecord[], count: number, pick: (l: Learner) => number): Columns {
  return joinSeries(
    Array.from({ length: count }, (_, i) =>
      history.flatMap((r) => {
        const learner = r.learners[i];
        return learner ? [[r.step, pick(learner)] as const] : [];
      }),
    ),
  );
}

/** The loss, accuracy and curriculum charts of the run in `history`, with the view's controls. */
export function MetricCharts({ history, rules, task, view, onView }: Props) {
  const labels = chartLabels(task);
  const count = rules.length;
  const loss = useMemo(() => columnsOf(history, count, (l) => l.loss), [history, count]);
  const accuracy = useMemo(
    () =>
      mapColumns(
        columnsOf(history, count, (l) => l.accuracy),
        (c) => c.map((v) => (v === null ? null : 100 * v)),
      ),
    [history, count],
  );
  const lossChart = useMemo(
    () => smoothed(loss, rules, view.smoothing),
    [loss, rules, view.smoothing],
  );
  const accuracyChart = useMemo(
    () => smoothed(accuracy, rules, view.smoothing),
    [accuracy, rules, view.smoothing],
  );
  const curriculum = useMemo(
    () => (task === 'copy-repeat' ? columnsOf(history, count, (l) => l.seqLength) : undefined),
    [history, count, task],
  );
  const chart = (
    title: string,
    testId: string,
    yLabel: string,
    [series, data]: [ChartSeries[], Columns],
    scale: { log?: boolean; yRange?: [number, number]; format?: (value: number) => string },
  ) => <TimeChart {...{ title, testId, yLabel, series, data, ...scale }} xLabel={labels.x} />;
  return (
    <>
      <div className="chart-controls" data-testid="chart-controls">
        <label>
          {VIEW_LABELS.smoothing}{' '}
          <input
            id="smoothing"
            type="range"
            min={0}
            max={MAX_SMOOTHING}
            step={0.01}
            value={view.smoothing}
            onChange={(e) => onView({ ...view, smoothing: Number(e.target.value) })}
          />{' '}
          <output htmlFor="smoothing">{view.smoothing.toFixed(2)}</output>
        </label>
        <label>
          <input
            id="log-loss"
            type="checkbox"
            checked={view.logLoss}
            onChange={(e) => onView({ ...view, logLoss: e.target.checked })}
          />{' '}
          {VIEW_LABELS.logLoss}
        </label>
        <span className="muted">drag across a chart to zoom, double-click to see all</span>
      </div>
      {chart(labels.loss, 'loss-chart', LOSS_AXIS, lossChart, { log: view.logLoss })}
      {chart(labels.accuracy, 'accuracy-chart', ACCURACY_AXIS, accuracyChart, {
        yRange: PERCENT_RANGE,
        format: percent,
      })}
      {curriculum &&
        chart(
          'Curriculum: T of the level reached, (R + 1)·N + 3',
          'curriculum-chart',
          'T (time steps)',
          [rules.map((label, i) => ({ label, color: learnerColor(i) })), curriculum],
          {},
        )}
    </>
  );
}
