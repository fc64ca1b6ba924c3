/**
 * What each rule keeps in memory to form its gradient vs what BPTT keeps for the same sequence
 * (from shapes, see lib/memory-estimate.ts), plus the bytes of tensors alive in the worker.
 */
import type { RunInfo } from '../protocol.js';
import type { StepRecord } from '../lib/metrics-jsonl.js';
import { formatFloats, memoryRows } from '../lib/memory-estimate.js';
import { learnerColor } from '../lib/colors.js';

const WIDTH = 420;

export function MemoryPanel({
  info,
  liveBytes,
  last,
}: {
  info: RunInfo;
  liveBytes: number;
  /** The latest step: each learner's T (copy-repeat grows it; the stream's steps so far). */
  last?: StepRecord;
}) {
  const lengths = info.memory.map((_, i) => last?.learners[i]?.seqLength ?? info.seqLength);
  const rows = memoryRows(info.memory, lengths).map((row) => ({
    ...row,
    color: row.learner === undefined ? '#777' : learnerColor(row.learner),
  }));
  const stream = info.kind === 'stream';
  const max = Math.max(1, ...rows.map((r) => r.floats));
  return (
    <section className="panel" data-testid="memory-panel">
      <h3>
        {stream
          ? `Memory to form the gradient over the stream so far (T = ${(lengths[0] ?? 0).toLocaleString('en')}, ${info.settings.bsz} stream${info.settings.bsz === 1 ? '' : 's'})`
          : `Memory to form the gradient (T = ${lengths[0] ?? info.seqLength}, batch ${info.settings.bsz})`}
      </h3>
      <svg viewBox={`0 0 ${WIDTH} ${rows.length * 26 + 4}`} role="img" aria-label="memory per rule">
        {rows.map((r, i) => {
          const w = ((WIDTH - 230) * r.floats) / max;
          return (
            <g key={i} transform={`translate(0, ${i * 26 + 2})`}>
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
        floats with a full GLU, growing with T
        {stream ? ': on an endless stream, without bound.' : '.'} Tensors alive in the worker now:{' '}
        {(liveBytes / 2 ** 20).toFixed(1)} MiB (parameters and optimiser state; the streaming
        learners keep their traces in typed arrays, counted above).
      </p>
    </section>
  );
}
