/**
 * The recurrence of each learner, as far as it can be shown truthfully and cheaply per cell:
 * the LRU's eigenvalues in the complex plane (exactly its Jacobian's: the recurrence is
 * diagonal), the RNN's spectral radius ρ(A) over time, and for GRU and LSTM a note on why no
 * spectrum is drawn (worker/eigenvalues.ts).
 */
import type { LayerClass } from '@olrd/core';
import type { Eigenvalues } from '../hooks/useTrainer.js';
import type { StepRecord } from '../lib/metrics-jsonl.js';
import { LAYER_DASHES, learnerColor } from '../lib/colors.js';
import { EigenPlane } from './EigenPlane.js';
import { joinSeries, type Columns } from '../lib/chart-data.js';
import { TimeChart, dashPattern, type ChartSeries } from './TimeChart.js';

interface Props {
  layerCls: LayerClass;
  rules: string[];
  history: StepRecord[];
  eigenInitial: Eigenvalues[];
  eigenLatest: Eigenvalues[];
}

/** ρ(A) per learner and layer over the steps where it was read. */
function radiusSeries(rules: string[], history: StepRecord[]): [ChartSeries[], Columns] {
  const series: ChartSeries[] = [];
  const points: [number, number][][] = [];
  rules.forEach((rule, i) => {
    const samples = history.flatMap((r) => {
      const radii = r.learners[i]?.spectralRadius;
      return radii ? [{ step: r.step, radii }] : [];
    });
    const layers = samples[0]?.radii.length ?? 0;
    for (let l = 0; l < layers; l++) {
      series.push({
        label: `${rule} layer ${l}`,
        color: learnerColor(i),
        ...(l > 0 ? { dash: dashPattern(LAYER_DASHES[(l - 1) % LAYER_DASHES.length])! } : {}),
      });
      points.push(samples.map((s) => [s.step, s.radii[l] ?? 0]));
    }
  });
  return [series, joinSeries(points)];
}

export function RecurrencePanel({ layerCls, rules, history, eigenInitial, eigenLatest }: Props) {
  if (layerCls === 'LRU')
    return <EigenPlane rules={rules} initial={eigenInitial} latest={eigenLatest} />;
  if (layerCls === 'RNN') {
    const [series, data] = radiusSeries(rules, history);
    const radii = data.slice(1).flat() as (number | null)[];
    const top = Math.max(1.05, ...radii.map((radius) => (radius ?? 0) * 1.05));
    return (
      <section className="panel">
        <TimeChart
          title="RNN: spectral radius ρ(A) per layer (1 = edge of stability)"
          testId="radius-chart"
          xLabel="step (batches)"
          yLabel="ρ(A) (spectral radius)"
          series={series}
          data={data}
          yRange={[0, Math.ceil(top * 10) / 10]}
        />
        <p className="muted">
          h<sub>t</sub> = A·ρ(h<sub>t−1</sub>) + B·u<sub>t</sub>: with a linear ρ the Jacobian is A
          and the recurrence forgets iff ρ(A) &lt; 1; with tanh or relu it is A·diag(ρ′(h)), 0 ≤ ρ′
          ≤ 1.
        </p>
      </section>
    );
  }
  return (
    <section className="panel" data-testid="recurrence-note">
      <h3>Recurrence</h3>
      <p className="muted">
        No spectrum for the {layerCls}: its Jacobian depends on the gates at every step and input,
        so its eigenvalues would need an eigen-decomposition per step and sequence. The LRU shows
        its eigenvalues, the RNN the spectral radius of A.
      </p>
    </section>
  );
}
