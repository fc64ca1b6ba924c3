/**
 * The Vega-Lite specs of `olrd plot`: loss and accuracy against training steps (train as logged
 * every `logEvery` steps and per epoch, val and test per epoch), and the gradient alignment with
 * BPTT (cosine and relative norm, overall and per layer) over the logged batches.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RunMetrics, SignalPoint } from './run-metrics.js';

/** One plotted value. */
interface Row {
  step: number;
  value: number;
  series: string;
}

const WIDTH = 560;
const HEIGHT = 260;
const CONFIG = {
  // No ARIA label per data point: it would triple the size of a static file nobody navigates.
  aria: false,
  background: 'white',
  font: 'sans-serif',
  view: { stroke: '#ddd' },
  legend: { labelLimit: 280, symbolOpacity: 1 },
};
/** Steps are whole numbers: no 2.5 ticks. */
const STEP_AXIS = { format: 'd', tickMinStep: 1 };

/** The series names in legend order. */
const TRAIN_STEPS = 'train (logged steps)';
const TRAIN_EPOCHS = 'train (epoch mean)';

function lineChart(
  rows: readonly Row[],
  title: string,
  yTitle: string,
  yScale: Record<string, unknown>,
): TopLevelSpec {
  const order = [...new Set(rows.map((r) => r.series))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: rows as Row[] },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'training step', axis: STEP_AXIS },
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: yScale },
      color: { field: 'series', type: 'nominal', title: null, sort: order },
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 1.5 } },
      // Markers on the per-epoch series only: on the per-step one they would bury the others.
      {
        transform: [{ filter: { not: { field: 'series', equal: TRAIN_STEPS } } }],
        mark: { type: 'point', filled: true, size: 36 },
      },
    ],
  };
}

function lossAccuracyRows(metrics: RunMetrics, key: 'loss' | 'accuracy'): Row[] {
  const rows: Row[] = metrics.steps.map((p) => ({
    step: p.step,
    value: p[key],
    series: TRAIN_STEPS,
  }));
  for (const [series, split] of [
    [TRAIN_EPOCHS, 'train'],
    ['val', 'val'],
    ['test', 'test'],
  ] as const) {
    for (const epoch of metrics.epochs)
      rows.push({ step: epoch[split].step, value: epoch[split][key], series });
  }
  // JSON has no NaN/Infinity (a diverged run logs null, which the reader rejects) but guard anyway.
  return rows.filter((r) => Number.isFinite(r.value));
}

/** loss.svg: train (steps, epochs), val and test loss against steps. */
export function lossSpec(metrics: RunMetrics, title: string): TopLevelSpec {
  return lineChart(lossAccuracyRows(metrics, 'loss'), `loss: ${title}`, 'loss', { zero: false });
}

/** accuracy.svg: the same for accuracy, up to 1; undefined for a regression run (no accuracy). */
export function accuracySpec(metrics: RunMetrics, title: string): TopLevelSpec | undefined {
  const points = [...metrics.steps, ...metrics.epochs.flatMap((e) => [e.train, e.val])];
  if (points.every((p) => Number.isNaN(p.accuracy))) return undefined;
  return lineChart(lossAccuracyRows(metrics, 'accuracy'), `accuracy: ${title}`, 'accuracy', {
    zero: false,
    domainMax: 1,
  });
}

/**
 * alignment.svg: cosine similarity (top) and relative norm (bottom) of the rule's gradient
 * against BPTT's, one colour per scope: a faint point per logged batch and a line through each
 * epoch's mean; undefined when the run logged no alignment.
 */
export function alignmentSpec(metrics: RunMetrics, title: string): TopLevelSpec | undefined {
  if (metrics.alignment.length === 0) return undefined;
  const scopes = [...new Set(metrics.alignment.map((p) => p.scope))];
  const panel = (field: 'cosine' | 'relativeNorm', yTitle: string, scale: object) => ({
    width: WIDTH,
    height: HEIGHT * 0.8,
    encoding: {
      x: {
        field: 'step',
        type: 'quantitative' as const,
        title: 'training step',
        axis: STEP_AXIS,
      },
      y: { field, type: 'quantitative' as const, title: yTitle, scale },
      color: { field: 'scope', type: 'nominal' as const, title: null, sort: scopes },
    },
    layer: [
      { mark: { type: 'point' as const, filled: true, size: 12, opacity: 0.3 } },
      {
        // Each epoch's logged batches are consecutive steps: their mean sits at their mean step.
        transform: [
          {
            aggregate: [
              { op: 'mean' as const, field, as: field },
              { op: 'mean' as const, field: 'step', as: 'step' },
            ],
            groupby: ['epoch', 'scope'],
          },
        ],
        mark: { type: 'line' as const, point: { size: 30 }, strokeWidth: 1.6 },
      },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `gradient alignment with BPTT: ${title}`,
      subtitle: 'points: logged batches; lines: epoch means',
    },
    config: CONFIG,
    // Vega-Lite leaves out null values (infinite relative norms) of a quantitative channel.
    data: { values: metrics.alignment },
    vconcat: [
      panel('cosine', 'cosine similarity', { zero: false, domainMax: 1 }),
      panel('relativeNorm', 'relative norm |g| / |g_bptt|', { zero: false }),
    ],
  };
}

/**
 * signal-alignment.svg: BP(λ)'s learning-signal alignment (spec 2 §9, the paper's Figures 2/3),
 * the cosine of ℓ_t + s·ĝ_t with BPTT's ∂L/∂s_t averaged over the steps, against training steps;
 * one colour per series (a layer of one run, or a run of a comparison). Undefined without points.
 */
export function signalSpec(points: SignalPoint[], title: string): TopLevelSpec | undefined {
  if (points.length === 0) return undefined;
  const series = [...new Set(points.map((p) => p.series))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `learning-signal alignment with BPTT: ${title}`,
      subtitle: 'cosine of ℓ_t + s·ĝ_t with ∂L/∂h_t, mean over steps t; points: logged batches',
    },
    config: CONFIG,
    data: { values: points },
    width: WIDTH,
    height: HEIGHT,
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'training step', axis: STEP_AXIS },
      y: {
        field: 'cosine',
        type: 'quantitative',
        title: 'cosine similarity',
        scale: { domainMin: -1, domainMax: 1 },
      },
      color: { field: 'series', type: 'nominal', title: null, sort: series },
    },
    layer: [
      { mark: { type: 'point', filled: true, size: 12, opacity: 0.3 } },
      {
        transform: [
          {
            aggregate: [
              { op: 'mean', field: 'cosine', as: 'cosine' },
              { op: 'mean', field: 'step', as: 'step' },
            ],
            groupby: ['epoch', 'series'],
          },
        ],
        mark: { type: 'line', point: { size: 30 }, strokeWidth: 1.6 },
      },
    ],
  };
}
