/**
 * Memory a learning rule keeps to form its gradient vs what BPTT keeps for the same sequence,
 * computed from shapes (floats; ×4 for bytes), for every cell × rule × execution. docs/web.md
 * derives the formulas. B = batch, T = sequence length, L = layers, H = model width, N = units
 * per layer, k = state components per unit (2 for the LRU's (re, im) and the LSTM's (h, c), else
 * 1), C·m = classes × heads.
 *
 * - Every streaming rule carries each layer's state (B·k·N) and the running pooled features (B·H).
 * - Traces: `online_full` (and `snap1`, which is online_full on the LRU) keep, per LRU layer,
 *   e^λ, e^γ (B·N complex each) and E^B (B·N·H complex). SnAp-1 on the other cells keeps one trace
 *   per recurrent parameter element and state component: B·k·P_rec per layer. The one-step rules
 *   keep none (their "traces" are the step's own terms) — except that the tensor (tfjs) engine, which
 *   WebGPU uses, allocates the trace tensors for them too, and the figure then counts them.
 * - `rtrl` keeps the sensitivity matrix ∂s/∂θ: B·S·P with S = L·k·N state entries and P every
 *   parameter that reaches a state (all but the decoder and the top layer's readout and block).
 * - BPTT, and every rule in sequence execution but rtrl, keeps the autodiff tape of every step:
 *   per step and layer the LayerNorm input and output (2H), the cell's activations (a·N, below),
 *   the readout (H) and the block after it (b·H: 5 for full_glu, 3 for the half GLUs, 1 for gelu,
 *   0 for none), plus the encoder output (H) and the decoder's logits and log-probabilities
 *   (2·C·m): bptt = B·T·(H + 2·C·m + L·(a·N + (3 + b)·H)). An estimate of tfjs's tape, good to a
 *   small factor; the point is the factor T. `tbptt` in streaming execution keeps the tape of at
 *   most `truncation` steps (the chunk it replays) plus the carried state.
 * Gradient accumulators are parameter-sized for every rule and are left out.
 */
import type { Activation, LayerClass, ModelConfig, RnnActivation } from '@olrd/core';
import { ruleFacts, type Execution, type RuleName } from '@olrd/rules/names';
import type { MemoryReport } from '../protocol.js';

/** The sizes the estimate needs. */
export interface MemoryShape {
  batch: number;
  nLayers: number;
  dInput: number;
  dModel: number;
  dHidden: number;
  /** Outputs per step: classes × heads. */
  outputs: number;
  activation: Activation;
  layerCls: LayerClass;
  rnnActivation?: RnnActivation | undefined;
  /** tbptt's chunk length. */
  truncation: number;
}

/** The estimate's sizes of a model trained with `batch` sequences per step. */
export function memoryShapeOf(config: ModelConfig, batch: number, truncation: number): MemoryShape {
  return {
    batch,
    nLayers: config.nLayers,
    dInput: config.dInput,
    dModel: config.dModel,
    dHidden: config.dHidden,
    outputs: config.nClasses * config.multidim,
    activation: config.activation,
    layerCls: config.layerCls,
    rnnActivation: config.rnnActivation,
    truncation,
  };
}

/** What a rule keeps for T steps: fixed + perStep × min(T, window ?? T). */
export interface RuleMemory {
  fixed: number;
  perStep: number;
  window?: number;
}

const BLOCK_ACTIVATIONS: Readonly<Record<Activation, number>> = {
  full_glu: 5,
  half_glu1: 3,
  half_glu2: 3,
  gelu: 1,
  none: 0,
};

/** State components per unit (k). */
export function cellComponents(layerCls: LayerClass): number {
  return layerCls === 'LRU' || layerCls === 'LSTM' ? 2 : 1;
}

/**
 * The cell's op outputs per unit and step on the autodiff tape (a): LRU B̃u_t and h_t (complex);
 * RNN B·u, A·ρ(h), h (and ρ(h) unless linear); GRU its three gates (input and recurrent
 * projections, biases, sums, activations, r ⊙ (W_hn·h + b_hn)) and the update's four terms; LSTM
 * the four gates (projections, bias, sum, split, activation) and c′, f ⊙ c, i ⊙ g, tanh c′, h′
 * and the state [h | c].
 */
export function cellActivationsPerUnit(s: Pick<MemoryShape, 'layerCls' | 'rnnActivation'>) {
  switch (s.layerCls) {
    case 'LRU':
      return 4;
    case 'RNN':
      return (s.rnnActivation ?? 'tanh') === 'linear' ? 3 : 4;
    case 'GRU':
      return 21;
    case 'LSTM':
      return 33;
  }
}

/** Parameters of one layer's cell (under `layers.i.rec.`), and those inside its recurrence. */
export function cellParamCounts(s: Pick<MemoryShape, 'layerCls' | 'dModel' | 'dHidden'>): {
  all: number;
  recurrent: number;
} {
  const H = s.dModel;
  const N = s.dHidden;
  switch (s.layerCls) {
    case 'LRU': // nu, theta, gamma_log, B_re, B_im | C_re, C_im, D
      return { recurrent: 3 * N + 2 * N * H, all: 3 * N + 4 * N * H + H };
    case 'RNN': // A, B | C, D
      return { recurrent: N * N + N * H, all: N * N + 2 * N * H + H };
    case 'GRU': {
      // W_ir, W_iz, W_in, b_ir, b_iz, b_in, W_hr, W_hz, W_hn, b_hn: all inside the recurrence.
      const all = 3 * H * N + 3 * N + 3 * N * N + N;
      return { recurrent: all, all };
    }
    case 'LSTM': {
      const all = 4 * H * N + 4 * N * N + 4 * N; // W_ih, W_hh, b
      return { recurrent: all, all };
    }
  }
}

/** Parameters of the block after the recurrence (GLU kernels and biases). */
function blockParams(s: MemoryShape): number {
  const dense = s.dModel * s.dModel + s.dModel;
  if (s.activation === 'full_glu') return 2 * dense;
  return s.activation === 'half_glu1' || s.activation === 'half_glu2' ? dense : 0;
}

/** P of rtrl: the parameters that can reach a state. */
export function stateParamCount(s: MemoryShape): number {
  const norm = 2 * s.dModel;
  const encoder = s.dInput * s.dModel + s.dModel;
  const cell = cellParamCounts(s);
  const lower = (s.nLayers - 1) * (norm + cell.all + blockParams(s));
  return encoder + lower + norm + cell.recurrent;
}

/** rtrl's sensitivity matrices: B·S·P floats, S = L·k·N state entries (as rtrl counts them). */
export function rtrlSensitivity(s: MemoryShape): {
  states: number;
  params: number;
  floats: number;
} {
  const states = s.nLayers * cellComponents(s.layerCls) * s.dHidden;
  const params = stateParamCount(s);
  return { states, params, floats: s.batch * states * params };
}

/** States of every layer and the pooled features, carried from step to step. */
export function carriedStateFloats(s: MemoryShape): number {
  return s.batch * (s.dModel + s.nLayers * cellComponents(s.layerCls) * s.dHidden);
}

/**
 * Trace floats of a streaming online rule over all layers. `lruTraceTensors`: the tensor (tfjs) engine
 * (WebGPU), which allocates e^λ, e^γ, E^B for the one-step rules too. The BP(λ) rules add, per
 * layer, the synthesiser's traces, J_{t−1} and ĝ_{t−1}: dense on the RNN, GRU and LSTM (spec 2 §5:
 * O(S³) per example), per unit on the LRU (spec 2 §7: O(S²)).
 */
export function traceFloats(rule: RuleName, s: MemoryShape, lruTraceTensors = false): number {
  const B = s.batch;
  const N = s.dHidden;
  const S = cellComponents(s.layerCls) * N;
  const lruTraces = 2 * (2 * N + N * s.dModel);
  // Dense: E^K [S, S²], E^b and J [S, S], ĝ [S]. Per unit (k = 2): E^K [N, 2, 2S], E^b and J
  // [N, 2, 2], ĝ [S].
  const synthesiser = s.layerCls === 'LRU' ? 2 * S ** 2 + 5 * S : S ** 3 + 2 * S ** 2 + S;
  const memory = ruleFacts(rule).memory;
  if (memory === 'synthesiser') return s.nLayers * B * synthesiser;
  // online_full's traces, the synthesiser's, and the synthesiser's own copy of s_{t−1}.
  if (memory === 'lru-traces-synthesiser') return s.nLayers * B * (lruTraces + synthesiser + S);
  if (s.layerCls === 'LRU') {
    const traced = memory === 'lru-traces' || memory === 'diagonal-traces' || lruTraceTensors;
    return traced ? s.nLayers * B * lruTraces : 0;
  }
  if (memory !== 'diagonal-traces') return 0;
  return s.nLayers * B * cellComponents(s.layerCls) * cellParamCounts(s).recurrent;
}

/** Floats BPTT keeps per time step (multiply by T for the sequence). */
export function bpttFloatsPerStep(s: MemoryShape): number {
  const perLayer =
    cellActivationsPerUnit(s) * s.dHidden + (3 + BLOCK_ACTIVATIONS[s.activation]) * s.dModel;
  return s.batch * (s.dModel + 2 * s.outputs + s.nLayers * perLayer);
}

/** What `rule` in `execution` keeps (sequence execution keeps the autodiff tape, like BPTT). */
export function ruleMemory(
  rule: RuleName,
  execution: Execution,
  s: MemoryShape,
  lruTraceTensors = false,
): RuleMemory {
  const memory = ruleFacts(rule).memory;
  if (memory === 'sensitivities') {
    // Both executions run the same forward recursion (there is no cheaper sequence form).
    return { fixed: carriedStateFloats(s) + rtrlSensitivity(s).floats, perStep: 0 };
  }
  if (memory === 'tape' || execution === 'sequence')
    return { fixed: 0, perStep: bpttFloatsPerStep(s) };
  // dni is tbptt plus a synthesiser evaluated at the chunk boundaries: the same memory.
  if (memory === 'chunk-tape') {
    return {
      fixed: carriedStateFloats(s),
      perStep: bpttFloatsPerStep(s),
      window: s.truncation,
    };
  }
  return { fixed: carriedStateFloats(s) + traceFloats(rule, s, lruTraceTensors), perStep: 0 };
}

/** Floats a report's rule keeps for a sequence of `seqLength` steps. */
export function reportFloats(report: MemoryReport, seqLength: number): number {
  const steps = Math.min(seqLength, report.window ?? seqLength);
  return report.fixedFloats + report.perStepFloats * steps;
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
    floats: reportFloats(m, seqLengths[i] ?? 0),
    learner: i,
  }));
  const first = reports[0];
  if (first && !reports.some((m) => m.rule === 'bptt'))
    rows.push({ label: 'bptt', floats: (seqLengths[0] ?? 0) * first.bpttFloatsPerStep });
  return rows;
}

/** "1.2 MiB" style text for a float count (4 bytes each). */
export function formatFloats(floats: number): string {
  const bytes = floats * 4;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
