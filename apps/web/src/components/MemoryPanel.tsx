/**
 * What each rule keeps in memory to form its gradient vs what BPTT keeps for the same sequence
 * (from shapes, see lib/memory-estimate.ts), plus the bytes of tensors alive in the worker.
 */
import type { RunInfo } from '../protocol.js';
import { formatFloats } from '../lib/memory-estimate.js';
import { learnerColor } from '../lib/colors.js';

const WIDTH = 420;

export function MemoryPanel({ info, liveBytes }: { info: RunInfo; liveBytes: number }) {
  const rows = info.memory.map((m, i) => ({
    label: `${m.rule} (${m.execution})`,
    floats: m.stateFloats,
    color: learnerColor(i),
  }));
  if (!info.memory.some((m) => m.rule === 'bptt'))
    rows.push({ label: 'bptt', floats: info.memory[0]?.bpttFloats ?? 0, color: '#777' });
  const max = Math.max(1, ...rows.map((r) => r.floats));
  return (
    <section className="panel" data-testid="memory-panel">
      <h3>
        Memory to form the gradient (T = {info.seqLength}, batch {info.settings.bsz})
      </h3>
      <svg viewBox={`0 0 ${WIDTH} ${rows.length * 26 + 4}`} role="img" aria-label="memory per rule">
        {rows.map((r, i) => {
          const w = ((WIDTH - 230) * r.floats) / max;
          return (
            <g key={r.label} transform={`translate(0, ${i * 26 + 2})`}>
              <text x={150} y={11} className="tick" textAnchor="end" dominantBaseline="middle">
                {r.label}
              </text>
              <rect x={156} y={2} width={Math.max(w, 1)} height={18} fill={r.color} />
              <text x={160 + w} y={11} className="value" dominantBaseline="middle">
                {formatFloats(r.floats)}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="muted">
        Streaming online rules keep, per layer, h and the traces e<sup>λ</sup>, e<sup>γ</sup>, E
        <sup>B</sup>: B·(H + L·2·(3N + N·H)) floats, whatever T. BPTT (and the online rules in
        sequence execution) keeps every step&apos;s activations: ≈ B·T·(H + 2·C + L·(4N + 8H))
        floats with a full GLU, growing with T. Tensors alive in the worker now:{' '}
        {(liveBytes / 2 ** 20).toFixed(1)} MiB (parameters, optimiser state, traces).
      </p>
    </section>
  );
}
