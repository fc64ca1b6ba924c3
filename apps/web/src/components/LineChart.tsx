/** A multi-series line chart in plain SVG: axes with round ticks, one path per series, a legend. */
import { Swatch } from './Swatch.js';
import { extent, formatTick, linearScale, niceTicks, thin } from '../lib/scale.js';

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  /** SVG stroke-dasharray, e.g. '5 3' (solid when absent). */
  dash?: string;
}

interface Props {
  title: string;
  series: Series[];
  testId: string;
  xLabel?: string;
  /** Fixed y range (default: the data's). */
  yDomain?: [number, number];
  height?: number;
}

const WIDTH = 420;
const MARGIN = { top: 12, right: 12, bottom: 30, left: 44 };

export function LineChart({
  title,
  series,
  testId,
  xLabel = 'step',
  yDomain,
  height = 220,
}: Props) {
  const drawn = series.map((s) => ({ ...s, points: thin(s.points) }));
  const xs = drawn.flatMap((s) => s.points.map((p) => p[0]));
  const ys = drawn.flatMap((s) => s.points.map((p) => p[1]));
  const xDomain = extent(xs, [0, 1]);
  const yRange = yDomain ?? extent(ys);
  const x = linearScale(xDomain, [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale(yRange, [height - MARGIN.bottom, MARGIN.top]);
  const clampY = (v: number) => y(Math.min(yRange[1], Math.max(yRange[0], v)));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={title}
        data-testid={testId}
        data-points={ys.length}
      >
        {niceTicks(yRange[0], yRange[1], 5).map((t) => (
          <g key={`y${t}`} className="tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} />
            <text x={MARGIN.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {formatTick(t)}
            </text>
          </g>
        ))}
        {niceTicks(Math.max(0, xDomain[0]), xDomain[1], 5).map((t) => (
          <text
            key={`x${t}`}
            className="tick"
            x={x(t)}
            y={height - MARGIN.bottom + 14}
            textAnchor="middle"
          >
            {formatTick(t)}
          </text>
        ))}
        <text className="axis-label" x={WIDTH - MARGIN.right} y={height - 4} textAnchor="end">
          {xLabel}
        </text>
        {drawn.map((s) =>
          s.points.length === 0 ? null : (
            <path
              key={s.name}
              className="series"
              d={s.points
                .map(
                  (p, i) =>
                    `${i === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${clampY(p[1]).toFixed(1)}`,
                )
                .join('')}
              stroke={s.color}
              strokeDasharray={s.dash}
            />
          ),
        )}
        {ys.length === 0 && (
          <text className="empty" x={WIDTH / 2} y={height / 2} textAnchor="middle">
            no data yet
          </text>
        )}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

export function Legend({ series }: { series: { name: string; color: string; dash?: string }[] }) {
  return (
    <ul className="legend">
      {series.map((s) => (
        <li key={s.name}>
          <Swatch color={s.color} dash={s.dash} />
          {s.name}
        </li>
      ))}
    </ul>
  );
}
