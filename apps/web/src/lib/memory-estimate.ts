/**
 * Memory of a learning rule's state vs what BPTT keeps for the same sequence, computed from shapes
 * (floats; ×4 for bytes). docs/web.md derives the formulas. B = batch, T = sequence length,
 * N = complex units per LRU, H = model width, L = layers, C·m = classes × heads.
 *
 * - Streaming online rules carry, per layer, h_{t−1} (B·N complex) and the traces e^λ, e^γ
 *   (B·N complex each) and E^B (B·N·H complex), plus the running pooled features (B·H):
 *   state = B·H + L·2B·(3N + N·H). It does not depend on T.
 * - BPTT (and the online rules in sequence execution, which use the same autodiff tape) keeps
 *   every step's activations: per step and layer the LayerNorm input and output (2H), B̃u_t and
 *   h_t (4N), the readout (H) and the block after it (k·H, k = 5 for full_glu, 3 for the half
 *   GLUs, 1 for gelu, 0 for none), plus the encoder output (H) and the decoder's logits and
 *   log-probabilities (2·C·m): bptt = B·T·(H + 2·C·m + L·(4N + (3 + k)·H)). An estimate of
 *   tfjs's tape, good to a small factor; the point is the factor T.
 * Gradient accumulators are parameter-sized for every rule and are left out of both.
 */
import type { Activation } from '@olrd/core';
import type { Execution, RuleName } from '@olrd/rules';
import type { MemoryReport } from '../protocol.js';

/** The sizes the estimate needs. */
export interface MemoryShape {
  batch: number;
  seqLength: number;
  nLayers: number;
  dModel: number;
  dHidden: number;
  /** Outputs per step: classes × heads. */
  outputs: number;
  activation: Activation;
}

const BLOCK_ACTIVATIONS: Readonly<Record<Activation, number>> = {
  full_glu: 5,
  half_glu1: 3,
  half_glu2: 3,
  gelu: 1,
  none: 0,
};

/** Floats a streaming online rule carries from one step to the next. */
export function streamingStateFloats(s: MemoryShape): number {
  const perLayer = 2 * s.batch * (3 * s.dHidden + s.dHidden * s.dModel);
  return s.batch * s.dModel + s.nLayers * perLayer;
}

/** Floats BPTT keeps per time step (multiply by T for the sequence). */
export function bpttFloatsPerStep(s: MemoryShape): number {
  const k = BLOCK_ACTIVATIONS[s.activation];
  const perLayer = 4 * s.dHidden + (3 + k) * s.dModel;
  return s.batch * (s.dModel + 2 * s.outputs + s.nLayers * perLayer);
}

/** Floats BPTT keeps for a whole sequence of `seqLength` steps. */
export function bpttFloats(s: MemoryShape): number {
  return s.seqLength * bpttFloatsPerStep(s);
}

/** The sequence length above which streaming needs less memory than BPTT. */
export function breakEvenLength(s: MemoryShape): number {
  return Math.ceil(streamingStateFloats(s) / bpttFloatsPerStep(s));
}

/** What `rule` in `execution` keeps (sequence execution keeps the autodiff tape, like BPTT). */
export function ruleStateFloats(rule: RuleName, execution: Execution, s: MemoryShape): number {
  return rule !== 'bptt' && execution === 'streaming' ? streamingStateFloats(s) : bpttFloats(s);
}

/** One bar of the memory view. */
export interface MemoryRow {
  label: string;
  floats: number;
  /** The learner it belongs to (absent for the BPTT reference bar). */
  learner?: number;
}

/**
 * The memory view's bars: each learner's figure at the T it just learnt (`seqLengths[i]`; on the
 * stream, its steps so far), plus BPTT's at learner 0's T when no learner is BPTT.
 */
export function memoryRows(
  reports: readonly MemoryReport[],
  seqLengths: readonly number[],
): MemoryRow[] {
  const rows: MemoryRow[] = reports.map((m, i) => ({
    label: `${m.rule} (${m.execution})`,
    floats:
      m.rule !== 'bptt' && m.execution === 'streaming'
        ? m.streamingFloats
        : (seqLengths[i] ?? 0) * m.bpttFloatsPerStep,
    learner: i,
  }));
  const first = reports[0];
  if (first && !reports.some((m) => m.rule === 'bptt'))
    rows.push({ label: 'bptt', floats: (seqLengths[0] ?? 0) * first.bpttFloatsPerStep });
  return rows;
}

/** "1.2 MB" style text for a float count (4 bytes each). */
export function formatFloats(floats: number): string {
  const bytes = floats * 4;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
