/** Gradient alignment with BPTT over time (overall and per layer) and its latest breakdown. */
import type { AlignmentSample } from '../protocol.js';
import type { StepRecord } from '../lib/metrics-jsonl.js';
import { LAYER_DASHES, learnerColor } from '../lib/colors.js';
import { joinSeries } from '../lib/chart-data.js';
import { AlignmentBars } from './AlignmentBars.js';
import { TimeChart, dashPattern, type ChartSeries } from './TimeChart.js';

export function AlignmentPanel({
  history,
  unavailable,
}: {
  history: StepRecord[];
  /** Why there is no comparison for this run (shown instead of the chart). */
  unavailable?: string;
}) {
  if (unavailable)
    return (
      <section className="panel" data-testid="alignment-unavailable">
        <p className="muted">{unavailable}</p>
      </section>
    );
  const series: ChartSeries[] = [];
  const points: [number, number][][] = [];
  const latest: { index: number; rule: string; sample: AlignmentSample }[] = [];
  const learners = history[history.length - 1]?.learners ?? [];
  learners.forEach((learner, index) => {
    if (learner.rule === 'bptt') return;
    const samples = history.flatMap((r) => {
      const a = r.learners[index]?.alignment;
      return a ? [{ step: r.step, a }] : [];
    });
    const last = samples[samples.length - 1];
    if (last) latest.push({ index, rule: learner.rule, sample: last.a });
    series.push({ label: `${learner.rule} overall`, color: learnerColor(index) });
    points.push(samples.map((s) => [s.step, s.a.overall.cosine]));
    const layers = last?.a.layers.length ?? 0;
    for (let l = 0; l < layers; l++) {
      series.push({
        label: `${learner.rule} layer ${l}`,
        color: learnerColor(index),
        dash: dashPattern(LAYER_DASHES[l % LAYER_DASHES.length])!,
      });
      points.push(samples.map((s) => [s.step, s.a.layers[l]?.cosine ?? 0]));
    }
  });
  const lowest = Math.min(0, ...points.flatMap((p) => p.map(([, cosine]) => cosine)));
  return (
    <section className="panel">
      <TimeChart
        title="Gradient alignment with BPTT"
        testId="alignment-chart"
        xLabel="step (batches)"
        yLabel="cosine similarity"
        series={series}
        data={joinSeries(points)}
        yRange={[Math.floor(lowest * 10) / 10, 1.02]}
      />
      <AlignmentBars samples={latest} />
    </section>
  );
}
