/**
 * A live line chart over steps, drawn by uPlot on a canvas: axis titles with units, a legend that
 * reads the values under the cursor (the latest step and values when it is elsewhere), drag to
 * zoom into a range of steps and double-click to see them all again, an optional log y scale.
 * The chart is built once per layout (series, scale, axes) and then only fed data, so a run's
 * steps append without re-mounting it; it is destroyed on unmount.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Columns } from '../lib/chart-data.js';

/** One curve of a chart. */
export interface ChartSeries {
  label: string;
  color: string;
  /** Canvas dash pattern, e.g. [6, 3] (solid when absent). */
  dash?: number[];
  /** Thin and pale, beneath the others (a raw curve under its smoothed one). */
  faint?: boolean;
}

interface Props {
  title: string;
  testId: string;
  /** The x axis' title with its unit, e.g. "step (batches)". */
  xLabel: string;
  /** The y axis' title with its unit, e.g. "loss (nats)". */
  yLabel: string;
  series: ChartSeries[];
  /** `[x, y per series…]`, x ascending. */
  data: Columns;
  /** A fixed y range (default: fitted to the data in view). */
  yRange?: [number, number];
  /** A log10 y scale (values ≤ 0 are left out). */
  log?: boolean;
  /** How a y value is written in the legend. */
  format?: (value: number) => string;
  height?: number;
  /** Controls shown beside the title. */
  children?: ReactNode;
}

// Steps are whole: no tick at step 17.5 when zoomed in.
const STEP_INCREMENTS = [1, 2, 5]
  .flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6].map((p) => m * p))
  .sort((a, b) => a - b);

const formatDefault = (value: number) => String(Number(value.toPrecision(4)));

function lastValue(column: ArrayLike<number | null | undefined>): number | null {
  for (let i = column.length - 1; i >= 0; i--) {
    const value = column[i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

function forScale(data: Columns, log: boolean): uPlot.AlignedData {
  if (!log) return data;
  const [xs, ...ys] = data;
  return [xs, ...ys.map((column) => column.map((v) => (v !== null && v > 0 ? v : null)))];
}

function chartOptions(
  props: Props,
  width: number,
  onScale: (u: uPlot) => void,
  yRange: () => [number, number] | undefined,
): uPlot.Options {
  const format = props.format ?? formatDefault;
  const axis = { stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' } };
  // Read at every rescale, so a range that widens (alignment below 0) needs no new chart.
  const fixed: uPlot.Scale = {
    range: (_u, min, max) => yRange() ?? uPlot.rangeNum(min, max, 0.1, true),
  };
  return {
    width,
    height: props.height ?? 220,
    scales: {
      x: { time: false },
      y: props.log ? { distr: 3, log: 10 } : props.yRange ? fixed : {},
    },
    cursor: { drag: { x: true, y: false, setScale: true }, points: { size: 6 } },
    legend: { live: true },
    // Off the chart the legend shows the latest step and values: a live run's readout.
    series: [
      {
        label: props.xLabel,
        value: (u, v, _index, row) => {
          const shown = row === null ? lastValue(u.data[0]) : v;
          return shown === null ? '–' : shown.toLocaleString('en');
        },
      },
      ...props.series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: s.faint ? `${s.color}55` : s.color,
        width: s.faint ? 1 : 1.8,
        spanGaps: true,
        ...(s.dash ? { dash: s.dash } : {}),
        value: (u, v, index, row) => {
          const shown = row === null ? lastValue(u.data[index] ?? []) : v;
          return shown === null || shown === undefined ? '–' : format(shown);
        },
      })),
    ],
    axes: [
      { ...axis, label: props.xLabel, incrs: STEP_INCREMENTS },
      { ...axis, label: props.yLabel, size: 56 },
    ],
    hooks: { setScale: [(u, key) => key === 'x' && onScale(u)] },
  };
}

/** One uPlot chart (see the file's comment); `data` may grow on every render. */
export function TimeChart(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);
  const latest = useRef(props);
  latest.current = props;
  // Zoomed in (x range narrower than the data): new steps must not reset the view.
  const zoomed = useRef(false);
  const { series, log = false, yRange, xLabel, yLabel, height, format } = props;
  const fixedRange = yRange !== undefined;
  const layout = JSON.stringify([series, log, fixedRange, xLabel, yLabel, height, String(format)]);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const onScale = (u: uPlot) => {
      const xs = u.data[0];
      const { min, max } = u.scales['x'] ?? {};
      zoomed.current =
        xs.length > 1 &&
        min !== undefined &&
        max !== undefined &&
        (min > xs[0]! || max < xs[xs.length - 1]!);
      // For the e2e and for styling; set on the element, since a zoom is no React state.
      element.closest('figure')?.setAttribute('data-zoomed', String(zoomed.current));
    };
    const options = chartOptions(
      latest.current,
      element.clientWidth || 400,
      onScale,
      () => latest.current.yRange,
    );
    const u = new uPlot(options, forScale(latest.current.data, log), element);
    chart.current = u;
    zoomed.current = false;
    const resize = new ResizeObserver(() =>
      u.setSize({ width: element.clientWidth, height: options.height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = undefined;
    };
    // `layout` stands for every prop the options read; data arrives through the next effect.
  }, [layout]);

  useEffect(() => {
    chart.current?.setData(forScale(props.data, log), !zoomed.current);
  }, [props.data, log]);

  const points = props.data[0].length;
  return (
    <figure className="chart" data-testid={props.testId} data-points={points}>
      <figcaption>
        <span>{props.title}</span>
        {props.children}
      </figcaption>
      <div
        className="uplot-host"
        ref={host}
        role="img"
        aria-label={`${props.title}: ${props.yLabel} against ${props.xLabel}`}
      />
      {points === 0 && <p className="empty">no data yet</p>}
    </figure>
  );
}

/** A dash pattern written as SVG's stroke-dasharray ("6 3") as the canvas' [6, 3]. */
export function dashPattern(dash: string | undefined): number[] | undefined {
  return dash ? dash.split(' ').map(Number) : undefined;
}
