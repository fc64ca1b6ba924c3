/**
 * Memory and arithmetic budgets of the online rules on the chip's model (batch 1; LRU layers
 * with pre-norm and no post block, a linear decoder), in the chosen number formats: what
 * `olrd chip budget` prints. With d_input D, width H, N units, L layers and K = classes·heads:
 *
 * - parameters P = D·H + H + L·(4NH + 3N + 3H) + H·K + K (BP(λ) adds each layer's synthesiser,
 *   S² + S with S = 2N), in the params' format; gradients P in the accumulators' format;
 *   optimiser state 0 (sgd, sign-sgd), P accumulators (momentum) or 2P fp32 (adam);
 * - recurrent state 2N per layer (state format);
 * - traces per layer: online_full and snap1 (online_full on the LRU) e^λ, e^γ, E^B = 4N + 2NH;
 *   the one-step rules none; bp_lambda the synthesiser's per-unit traces 2S² + 5S (spec 2 §7);
 *   bptt the tape of T steps, T·(D + H + K + L·(3H + 4N)) activations (state format);
 * - multiply-adds per step: forward, the same-step backward, the traces and the update, counting
 *   a complex multiply as 4 (hand-counted in chip-budget.test.ts).
 */
import type { ModelConfig } from '@olrd/core';
import type { ChipOptimizerName } from './chip-optimizer.js';
import { formatBytes } from './number-format.js';
import type { Precision } from './precision.js';

/** The rules a budget covers. */
export const BUDGET_RULES = [
  'online_full',
  'online_1truncated',
  'online_spatial',
  'snap1',
  'bp_lambda',
  'bptt',
] as const;

/** A rule of {@link BUDGET_RULES}. */
export type BudgetRule = (typeof BUDGET_RULES)[number];

/** One rule's budget. */
export interface RuleBudget {
  rule: BudgetRule;
  parameterBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  stateBytes: number;
  traceBytes: number;
  totalBytes: number;
  multiplyAddsPerStep: number;
}

/** What the budget needs besides the model. */
export interface BudgetOptions {
  precision: Precision;
  optimizer: ChipOptimizerName;
  /** bptt's sequence length T. */
  seqLen: number;
}

/** Parameter count of the chip model (without synthesisers). */
export function chipParamCount(config: ModelConfig): number {
  const { dInput: D, dModel: H, dHidden: N, nLayers: L } = config;
  const K = config.nClasses * config.multidim;
  return D * H + H + L * (4 * N * H + 3 * N + 3 * H) + H * K + K;
}

/** Multiply-adds of forward + same-step backward shared by every rule (no traces, no update). */
function spatialMultiplyAdds(config: ModelConfig): number {
  const { dInput: D, dModel: H, dHidden: N, nLayers: L } = config;
  const K = config.nClasses * config.multidim;
  // Forward: encoder; per layer LayerNorm (squares, x̂, scale) 3H, B·u 2NH, λ·h 4N, γ·(Bu) 2N,
  // readout 2HN + D⊙u H; decoder H·K; softmax K.
  const forward = D * H + L * (3 * H + 2 * N * H + 6 * N + 2 * N * H + H) + H * K + K;
  // Backward: decoder gradient and input error 2HK; per layer D grad H, C grads 2HN,
  // g = Cᵀ·dy 2HN, γ⊙g 2N, dU = D⊙dy + Bᵀ·(γg) H + 2NH, LayerNorm back (scale, bias, dx̂,
  // the two means, the bracket) 5H; encoder gradient D·H.
  const backward = 2 * H * K + L * (H + 6 * N * H + 2 * N + 6 * H) + D * H;
  return forward + backward;
}

/** One budget row per rule of {@link BUDGET_RULES}. */
export function chipBudget(config: ModelConfig, options: BudgetOptions): RuleBudget[] {
  const { dInput: D, dModel: H, dHidden: N, nLayers: L } = config;
  const K = config.nClasses * config.multidim;
  const { precision } = options;
  const bytes = (cls: keyof Precision) => formatBytes(precision[cls].format);
  const S = 2 * N;
  const spatial = spatialMultiplyAdds(config);
  return BUDGET_RULES.map((rule) => {
    const synthesiser = rule === 'bp_lambda' ? L * (S * S + S) : 0;
    const params = chipParamCount(config) + synthesiser;
    const optimizerValues =
      options.optimizer === 'momentum'
        ? params * bytes('accumulators')
        : options.optimizer === 'adam'
          ? 2 * params * 4
          : 0;
    let traces = 0;
    let traceMultiplyAdds = 0;
    let stateValues = 2 * N * L;
    switch (rule) {
      case 'online_full':
      case 'snap1':
        traces = L * (4 * N + 2 * N * H) * bytes('traces');
        // e^λ, e^γ: 4N each; E^B: λ⊙E 4NH + γ⊗u NH; contractions: ∂λ 4N, ∂γ 2N, ∂B 4NH.
        traceMultiplyAdds = L * (14 * N + 9 * N * H);
        break;
      case 'online_1truncated':
        // ∂λ from h_{t−1} 4N, ∂γ from B·u 2N, ∂B = (γg) ⊗ u 2NH.
        traceMultiplyAdds = L * (6 * N + 2 * N * H);
        break;
      case 'online_spatial':
        traceMultiplyAdds = L * (2 * N + 2 * N * H);
        break;
      case 'bp_lambda':
        traces = L * (2 * S * S + 5 * S) * bytes('traces');
        // One-step credit as online_1truncated, plus the synthesiser's forward S², its traces
        // 2S² and its gradient S².
        traceMultiplyAdds = L * (6 * N + 2 * N * H + 4 * S * S);
        break;
      case 'bptt':
        stateValues = 0;
        traces = options.seqLen * (D + H + K + L * (3 * H + 4 * N)) * bytes('state');
        // The same-step work once per step plus the backward through time (λ·δ per unit 4N and
        // the recurrent parameters' gradients ∂λ 4N, ∂γ 2N, ∂B 2NH per layer).
        traceMultiplyAdds = L * (10 * N + 2 * N * H);
        break;
    }
    const row = {
      rule,
      parameterBytes: params * bytes('params'),
      gradientBytes: params * bytes('accumulators'),
      optimizerBytes: optimizerValues,
      stateBytes: stateValues * bytes('state'),
      traceBytes: traces,
      totalBytes: 0,
      // The update touches every parameter once (lr·g).
      multiplyAddsPerStep: spatial + traceMultiplyAdds + params,
    };
    row.totalBytes =
      row.parameterBytes + row.gradientBytes + row.optimizerBytes + row.stateBytes + row.traceBytes;
    return row;
  });
}
