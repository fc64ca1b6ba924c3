/**
 * Analytic floating-point operations of one training step, counted from the model sizes (a
 * multiply-add is 2 FLOPs; element-wise work is counted roughly, it is a few per cent). Used to
 * turn measured CPU times into an achieved GFLOP/s and, with an assumed GPU throughput, into
 * GPU-hours (docs/sweep-costs.md). Only the dominant terms per token:
 * - encoder d_in→H and decoder H→classes·heads: 2·d_in·H and 2·H·C;
 * - per layer: LayerNorm ≈ 10·H; the block after the recurrence (full_glu: two H×H dense maps,
 *   4·H², plus ≈ 20·H for GELU, σ, dropout; gelu ≈ 10·H; none 0);
 * - the cell: LRU 8·N·H (B̃u and Re(Ch), complex N×H against real H) + 8·N (the complex
 *   recurrence) + H (D⊙u); RNN 2·N² + 4·N·H; GRU 6·N·H + 6·N² + ≈ 12·N; LSTM 8·N·H + 8·N² + ≈ 12·N.
 * A training step is forward + backward ≈ 3 × forward for every rule, plus the rule's forward
 * traces per token where it keeps them:
 * - online_full on the LRU: e^λ, e^γ (≈ 16·N) and E^B (N×H complex: λ⊙E + γ⊗u, then Σ δ⊙E),
 *   ≈ 16·N·H per layer, if formed step by step (olrd's sequence execution folds the diagonal
 *   recurrence into scans and does less);
 * - snap1: RNN A- and B-traces 4·N² + 4·N·H; GRU kernel and recurrent traces ≈ 12·(N·H + N²);
 * plus the optimiser's ≈ 15 FLOPs per parameter per update (Adam/AdamW).
 */
import type { ModelConfig } from '@olrd/core';
import type { RuleName } from '@olrd/rules';

/** Forward FLOPs of the recurrent cell per token and layer (H = d_model, N = d_hidden). */
function cellFlops(config: ModelConfig): number {
  const { dModel: H, dHidden: N } = config;
  switch (config.layerCls) {
    case 'LRU':
      return 8 * N * H + 8 * N + H;
    case 'RNN':
      return 2 * N * N + 4 * N * H;
    case 'GRU':
      return 6 * N * H + 6 * N * N + 12 * N;
    case 'LSTM':
      return 8 * N * H + 8 * N * N + 12 * N;
  }
}

function blockFlops(config: ModelConfig): number {
  const H = config.dModel;
  switch (config.activation) {
    case 'full_glu':
      return 4 * H * H + 20 * H;
    case 'half_glu1':
    case 'half_glu2':
      return 2 * H * H + 15 * H;
    case 'gelu':
      return 10 * H;
    case 'none':
      return 0;
  }
}

/** Forward FLOPs per token (one sequence step) of the whole model. */
export function forwardFlopsPerToken(config: ModelConfig): number {
  const H = config.dModel;
  const perLayer = 10 * H + cellFlops(config) + blockFlops(config);
  return (
    2 * config.dInput * H + config.nLayers * perLayer + 2 * H * config.nClasses * config.multidim
  );
}

/** The rule's own forward traces per token, all layers (0 for rules without traces). */
export function traceFlopsPerToken(rule: RuleName, config: ModelConfig): number {
  const { dModel: H, dHidden: N, nLayers } = config;
  if (rule === 'online_full' || (rule === 'snap1' && config.layerCls === 'LRU'))
    return nLayers * (16 * N * H + 16 * N);
  if (rule === 'snap1' && config.layerCls === 'RNN') return nLayers * (4 * N * N + 4 * N * H);
  if (rule === 'snap1') return nLayers * 12 * (N * H + N * N);
  return 0;
}

/** Trainable parameters of the model (without a synthesiser), for the optimiser's share. */
export function parameterCount(config: ModelConfig): number {
  const { dModel: H, dHidden: N, dInput } = config;
  const cell = {
    LRU: 3 * N + 4 * N * H + H,
    RNN: N * N + 2 * N * H + H,
    GRU: 3 * N * H + 3 * N * N + 4 * N,
    LSTM: 4 * N * H + 4 * N * N + 4 * N,
  }[config.layerCls];
  const block = config.activation === 'full_glu' ? 2 * (H * H + H) : 0;
  const norm = 2 * H;
  const decoderOut = config.nClasses * config.multidim;
  return dInput * H + H + config.nLayers * (cell + block + norm) + H * decoderOut + decoderOut;
}

/** FLOPs of one training micro-step of `batch` sequences of length `time`. */
export function trainingFlopsPerStep(
  rule: RuleName,
  config: ModelConfig,
  batch: number,
  time: number,
  accumulationSteps: number,
): number {
  const tokens = batch * time;
  const gradient = tokens * (3 * forwardFlopsPerToken(config) + traceFlopsPerToken(rule, config));
  return gradient + (15 * parameterCount(config)) / accumulationSteps;
}
