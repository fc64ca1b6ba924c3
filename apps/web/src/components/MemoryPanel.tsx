/**
 * What each rule keeps in memory to form its gradient vs what BPTT keeps for the same sequence
 * (from shapes, see lib/memory-estimate.ts), plus the bytes of tensors alive in the worker.
 */
import type { ReactNode } from 'react';
import { ruleFacts } from '@olrd/rules/names';
import type { MemoryReport, RunInfo } from '../protocol.js';
import type { StepRecord } from '../lib/metrics-jsonl.js';
import { cellActivationsPerUnit, formatFloats, memoryRows } from '../lib/memory-estimate.js';
import { learnerColor } from '../lib/colors.js';

const WIDTH = 420;

/** What a learner keeps, in words (the bars give the sizes). */
function Keeps({ report, info }: { report: MemoryReport; info: RunInfo }): ReactNode {
  const { rule, execution } = report;
  const memory = ruleFacts(rule).memory;
  const lru = info.model.layerCls === 'LRU';
  if (memory === 'sensitivities')
    return <>the sensitivities ∂s/∂θ, batch × state entries × parameters</>;
  if (memory === 'tape' || execution === 'sequence') return <TapeFormula info={info} />;
  if (memory === 'chunk-tape')
    return <>the activations of at most k = {report.window} steps (one chunk), and the states</>;
  if (memory === 'synthesiser' || memory === 'lru-traces-synthesiser') {
    const perUnit = lru;
    return (
      <>
        {memory === 'lru-traces-synthesiser' ? 'online_full’s traces plus, ' : ''}per layer the
        synthesiser’s eligibility traces ({perUnit ? 'per unit, 2·S² floats' : 'dense, S³ floats'}{' '}
        for S state entries), whatever T
      </>
    );
  }
  if (memory === 'lru-traces' || (memory === 'diagonal-traces' && lru)) {
    return (
      <>
        per layer h and the traces e<sup>λ</sup>, e<sup>γ</sup> (N each) and E<sup>B</sup> (N×H),
        whatever T
      </>
    );
  }
  if (memory === 'diagonal-traces')
    return <>the states and a trace per recurrent parameter element and state component</>;
  return <>the states only (the one-step rules&apos; traces are the step&apos;s own terms)</>;
}

/** The autodiff tape of BPTT and sequence execution, with this cell's activations per unit. */
function TapeFormula({ info }: { info: RunInfo }) {
  return (
    <>
      every step&apos;s activations, ≈ B·T·(H + 2·C + L·(a·N + 8H)) floats with a full GLU (a ={' '}
      {cellActivationsPerUnit(info.model)}: the {info.model.layerCls}&apos;s per unit and step),
      growing with T
    </>
  );
}

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
      <ul className="muted memory-notes">
        {info.memory.map((report, i) => (
          <li key={i}>
            {report.rule} ({report.execution}): <Keeps report={report} info={info} />.
          </li>
        ))}
        {!info.memory.some((m) => m.rule === 'bptt') && (
          <li>
            bptt: <TapeFormula info={info} />
            {stream ? ': on an endless stream, without bound.' : '.'}
          </li>
        )}
      </ul>
      <p className="muted">
        Tensors alive in the worker now: {(liveBytes / 2 ** 20).toFixed(1)} MiB (parameters,
        optimiser state, and the states and traces of the tfjs engines; the LRU&apos;s streaming
        learners keep theirs in typed arrays, counted above).
      </p>
    </section>
  );
}
