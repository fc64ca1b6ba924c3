/**
 * The logged form of a gradient alignment (spec 1 §4.6): overall, per layer, per module and the
 * mean over layers, without the per-parameter detail (which would make every metrics line a few
 * kilobytes), and the mean of several such summaries (the epoch means of `--log-n-batches`).
 */
import {
  alignmentStats,
  type AlignmentStats,
  type GradientAlignment,
} from './gradient-alignment.js';

/** A {@link GradientAlignment} without its per-parameter statistics, plus `averageLayers`. */
export interface AlignmentSummary {
  /** Every parameter together. */
  readonly overall: AlignmentStats;
  /**
   * The mean over layers of each per-layer statistic (the reference logs it as
   * "average_layers"): every layer counts equally, whatever its gradient's size.
   */
  readonly averageLayers: AlignmentStats;
  /** `layers[i]`: the parameters named `layers.{i}.*`. */
  readonly layers: readonly AlignmentStats[];
  /** By module: `encoder`, `layers.{i}.norm`, `layers.{i}.rec`, `layers.{i}.glu`, `decoder`. */
  readonly modules: Readonly<Record<string, AlignmentStats>>;
}

/** Mean of several {@link AlignmentSummary}s, with how many went in. */
export interface AlignmentMean extends AlignmentSummary {
  /** The number of summaries averaged. */
  readonly batches: number;
}

/**
 * The mean of each statistic over `stats`. An empty list gives the statistics of two zero
 * gradients (cosine 1, relative norm 1), as {@link summarizeAlignment} fills a missing layer.
 */
export function meanStats(stats: readonly AlignmentStats[]): AlignmentStats {
  if (stats.length === 0) return alignmentStats({ ab: 0, aa: 0, bb: 0 });
  const mean = (key: keyof AlignmentStats) =>
    stats.reduce((sum, s) => sum + s[key], 0) / stats.length;
  return {
    cosine: mean('cosine'),
    relativeNorm: mean('relativeNorm'),
    norm: mean('norm'),
    referenceNorm: mean('referenceNorm'),
  };
}

/** Drops the per-parameter statistics of `alignment` and adds the mean over layers. */
export function summarizeForLog(alignment: GradientAlignment): AlignmentSummary {
  return {
    overall: alignment.overall,
    averageLayers: meanStats(alignment.layers),
    layers: alignment.layers,
    modules: alignment.modules,
  };
}

/**
 * The element-wise mean of `summaries` (e.g. the logged batches of one epoch): each statistic of
 * each scope is averaged over the summaries that have that scope.
 *
 * @returns undefined for an empty list.
 */
export function meanAlignment(summaries: readonly AlignmentSummary[]): AlignmentMean | undefined {
  if (summaries.length === 0) return undefined;
  const layerCount = Math.max(...summaries.map((s) => s.layers.length));
  const present = (stats: ReadonlyArray<AlignmentStats | undefined>) =>
    stats.filter((s): s is AlignmentStats => s !== undefined);
  const layers = Array.from({ length: layerCount }, (_, i) =>
    meanStats(present(summaries.map((s) => s.layers[i]))),
  );
  const moduleNames = [...new Set(summaries.flatMap((s) => Object.keys(s.modules)))];
  const modules: Record<string, AlignmentStats> = {};
  for (const name of moduleNames)
    modules[name] = meanStats(present(summaries.map((s) => s.modules[name])));
  return {
    batches: summaries.length,
    overall: meanStats(summaries.map((s) => s.overall)),
    averageLayers: meanStats(summaries.map((s) => s.averageLayers)),
    layers,
    modules,
  };
}
