/**
 * The latest gradient alignment with BPTT as bars: cosine similarity per layer, per module and
 * overall (Figure 2's metric), one bar per rule. Scale −1 … 1, zero in the middle.
 */
import type { AlignmentSample } from '../protocol.js';
import { learnerColor } from '../lib/colors.js';

interface Props {
  /** Per learner index: its rule and latest sample (bptt learners have none). */
  samples: { index: number; rule: string; sample: AlignmentSample }[];
}

const WIDTH = 420;
const LABEL = 110;
const ROW = 16;

function rowsOf(sample: AlignmentSample): [string, number][] {
  const rows: [string, number][] = [['overall', sample.overall.cosine]];
  sample.layers.forEach((l, i) => rows.push([`layer ${i}`, l.cosine]));
  // `layers.i.rec`: the cell's own parameters (LRU λ, B, C, D; RNN A, B, C, D; GRU and LSTM gates).
  for (const [name, stats] of Object.entries(sample.modules))
    if (name.includes('.rec'))
      rows.push([name.replace('layers.', 'L').replace('.rec', ' recurrence'), stats.cosine]);
  return rows;
}

export function AlignmentBars({ samples }: Props) {
  const first = samples[0];
  if (!first)
    return (
      <p className="muted">Alignment appears for online rules once a step compares with BPTT.</p>
    );
  const labels = rowsOf(first.sample).map(([label]) => label);
  const groupHeight = ROW * samples.length + 6;
  const height = labels.length * groupHeight + 18;
  // Room on the right for the value printed after a bar of length 1.
  const half = (WIDTH - LABEL - 44) / 2;
  const zero = LABEL + half;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label="alignment per layer"
      data-testid="alignment-bars"
    >
      <line x1={zero} x2={zero} y1={0} y2={height - 14} className="axis" />
      {[-1, 0, 1].map((t) => (
        <text key={t} x={zero + t * half} y={height - 2} className="tick" textAnchor="middle">
          {t}
        </text>
      ))}
      {labels.map((label, row) => (
        <g key={label} transform={`translate(0, ${row * groupHeight})`}>
          <text
            x={LABEL - 6}
            y={groupHeight / 2}
            className="tick"
            textAnchor="end"
            dominantBaseline="middle"
          >
            {label}
          </text>
          {samples.map(({ index, sample }, k) => {
            const value = rowsOf(sample)[row]?.[1] ?? 0;
            const w = Math.abs(value) * half;
            return (
              <g key={index}>
                <rect
                  x={value >= 0 ? zero : zero - w}
                  y={3 + k * ROW}
                  width={w}
                  height={ROW - 4}
                  fill={learnerColor(index)}
                />
                <text
                  x={value >= 0 ? zero + w + 3 : zero - w - 3}
                  y={3 + k * ROW + ROW / 2}
                  className="value"
                  textAnchor={value >= 0 ? 'start' : 'end'}
                  dominantBaseline="middle"
                >
                  {value.toFixed(3)}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
