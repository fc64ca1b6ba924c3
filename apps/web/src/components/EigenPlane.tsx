/**
 * The LRU eigenvalues λ = exp(−e^nu + i·e^theta) of every layer in the complex plane, inside the
 * unit circle (|λ| < 1 by construction). Hollow grey marks: λ at the start of the run; filled
 * marks: now. One colour per rule, one marker shape per layer.
 */
import type { Eigenvalues } from '../hooks/useTrainer.js';
import { learnerColor } from '../lib/colors.js';
import { Swatch } from './Swatch.js';

interface Props {
  rules: string[];
  initial: Eigenvalues[];
  latest: Eigenvalues[];
}

const SIZE = 260;
const R = SIZE / 2 - 14;
const toX = (re: number) => SIZE / 2 + re * R;
const toY = (im: number) => SIZE / 2 - im * R;

function Marker({
  layer,
  x,
  y,
  color,
  hollow,
}: {
  layer: number;
  x: number;
  y: number;
  color: string;
  hollow?: boolean;
}) {
  const style = hollow
    ? { fill: 'none', stroke: '#9a9a9a', strokeWidth: 0.8 }
    : { fill: color, fillOpacity: 0.75, stroke: 'none' };
  if (layer % 3 === 1) return <rect x={x - 2.5} y={y - 2.5} width={5} height={5} {...style} />;
  if (layer % 3 === 2)
    return <path d={`M${x},${y - 3.2}L${x + 3},${y + 2.2}L${x - 3},${y + 2.2}Z`} {...style} />;
  return <circle cx={x} cy={y} r={2.6} {...style} />;
}

function Points({ sets, color, hollow }: { sets: Eigenvalues; color: string; hollow?: boolean }) {
  return (
    <>
      {sets.flatMap((layer, l) =>
        layer.re.map((re, j) => (
          <Marker
            key={`${l}-${j}`}
            layer={l}
            x={toX(re)}
            y={toY(layer.im[j] ?? 0)}
            color={color}
            hollow={hollow}
          />
        )),
      )}
    </>
  );
}

export function EigenPlane({ rules, initial, latest }: Props) {
  const layers = Math.max(0, ...latest.map((e) => e.length));
  return (
    <figure className="chart eigen">
      <figcaption>LRU eigenvalues λ (complex plane)</figcaption>
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        role="img"
        aria-label="LRU eigenvalues"
        data-testid="eigen-chart"
      >
        <circle cx={SIZE / 2} cy={SIZE / 2} r={R} className="unit-circle" />
        <line x1={SIZE / 2 - R} x2={SIZE / 2 + R} y1={SIZE / 2} y2={SIZE / 2} className="axis" />
        <line y1={SIZE / 2 - R} y2={SIZE / 2 + R} x1={SIZE / 2} x2={SIZE / 2} className="axis" />
        <text x={SIZE / 2 + R - 2} y={SIZE / 2 + 12} className="tick" textAnchor="end">
          1
        </text>
        <text x={SIZE / 2 + 4} y={SIZE / 2 - R + 10} className="tick">
          i
        </text>
        {initial[0] && <Points sets={initial[0]} color="#999" hollow />}
        {latest.map((sets, i) => (
          <Points key={i} sets={sets} color={learnerColor(i)} />
        ))}
      </svg>
      <ul className="legend">
        {rules.map((rule, i) => (
          <li key={rule + i}>
            <Swatch color={learnerColor(i)} />
            {rule}
          </li>
        ))}
        {Array.from({ length: layers }, (_, l) => (
          <li key={`layer${l}`}>
            {['●', '■', '▲'][l % 3]} layer {l}
          </li>
        ))}
        <li>○ at start</li>
      </ul>
    </figure>
  );
}
