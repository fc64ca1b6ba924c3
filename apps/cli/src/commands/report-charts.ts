/**
 * The Vega-Lite charts of `olrd report`, built from long-form points (one per job, or per job
 * and epoch) so that Vega-Lite itself takes the mean over seeds and the ± 1 std band or bar:
 * curves over training, a value against a swept number (depth, r_min, learning rate), and
 * several such charts side by side.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from './report-curves.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = {
  aria: false,
  background: 'white',
  font: 'sans-serif',
  legend: { labelLimit: 360 },
} as const;

/** A value of one job at a swept number: `x` is the depth, r_min or learning rate. */
export interface SweptPoint {
  x: number;
  value: number;
  series: string;
}

/** One chart's encoding, no data, for {@link sideBySide}. */
type Chart = Record<string, unknown>;

/** Curves over epochs: the mean over seeds per series and a ± 1 std band. */
export function curvesChart(options: {
  yTitle: string;
  /** Facet by `panel` (in this order) when the points carry one. */
  panels?: readonly string[];
  zero?: boolean;
}): Chart {
  const layer = [
    {
      mark: { type: 'errorband', extent: 'stdev', opacity: 0.2 },
      encoding: {
        y: {
          field: 'value',
          type: 'quantitative',
          title: options.yTitle,
          scale: { zero: options.zero ?? false },
        },
      },
    },
    {
      mark: { type: 'line', strokeWidth: 1.5, point: { filled: true, size: 30 } },
      encoding: { y: { aggregate: 'mean', field: 'value', type: 'quantitative' } },
    },
  ];
  const encoding = {
    x: {
      field: 'epoch',
      type: 'quantitative',
      title: 'epoch',
      axis: { format: 'd', tickMinStep: 1 },
    },
    color: { field: 'series', type: 'nominal', title: null },
  };
  if (!options.panels) return { width: 560, height: 280, encoding, layer };
  return {
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: [...options.panels] } },
    spec: { width: 240, height: 220, encoding, layer },
    resolve: { scale: { y: 'shared' } },
  };
}

/** A value against a swept number: the mean over seeds per series, with ± 1 std bars. */
export function sweptChart(options: {
  xTitle: string;
  yTitle: string;
  /** The swept values, as the axis's ticks. */
  ticks: readonly number[];
  logX?: boolean;
  /** The series in legend order (default: sorted). */
  seriesOrder?: readonly string[];
}): Chart {
  const x = {
    field: 'x',
    type: 'quantitative',
    title: options.xTitle,
    scale: options.logX
      ? { type: 'log', base: 2, nice: false, padding: 16 }
      : { zero: false, nice: false, padding: 16 },
    axis: { values: [...options.ticks], format: '~g' },
  };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    ...(options.seriesOrder ? { sort: [...options.seriesOrder] } : {}),
  };
  return {
    width: 300,
    height: 240,
    encoding: { x, color },
    layer: [
      {
        mark: { type: 'errorbar', extent: 'stdev', ticks: true },
        encoding: {
          y: {
            field: 'value',
            type: 'quantitative',
            title: options.yTitle,
            scale: { zero: false },
          },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 1.5, point: { filled: true, size: 40 } },
        encoding: { y: { aggregate: 'mean', field: 'value', type: 'quantitative' } },
      },
    ],
  };
}

/** One chart with its data and a title, as a standalone spec. */
export function singleChart(
  title: string,
  points: readonly CurvePoint[] | readonly SweptPoint[],
  chart: Chart,
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    data: { values: [...points] },
    ...chart,
  } as TopLevelSpec;
}

/** Charts side by side under one title, each with its own data. */
export function sideBySide(
  title: string,
  charts: ReadonlyArray<{ points: readonly CurvePoint[] | readonly SweptPoint[]; chart: Chart }>,
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    hconcat: charts.map(({ points, chart }) => ({ data: { values: [...points] }, ...chart })),
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}
