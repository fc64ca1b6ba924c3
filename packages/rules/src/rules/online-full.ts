/**
 * `online_full`: exact in-layer RTRL for the LRU's diagonal recurrence h_t = λ ⊙ h_{t−1} + B̃·u_t
 * (λ = exp(−e^ν + i·e^θ), B̃ = diag(γ)·B), plus spatial errors between layers (spec 1 §4.2):
 *
 *   e^λ_t = λ ⊙ e^λ_{t−1} + h_{t−1},  e^γ_t = λ ⊙ e^γ_{t−1} + B·u_t,  E^B_t = λ ⊙ E^B_{t−1} + γ ⊗ u_t,
 *   ∂L/∂θ_rec = Σ_t ⟨g_t, e_t⟩ (g_t = ∂ℓ_t/∂h_t, the same-step error).
 *
 * Sequence form: a reverse scan ε_t = g_t + conj(λ)·ε_{t+1} gives the same sums without T×N×H
 * traces (online-recurrence.ts). Streaming form: the traces as state (lru-traces.ts,
 * online-lru.ts); the learner's fast path is the fused typed-array engine (fused/). Those kernels
 * stay where they are: they are shared with the one-step rules, and moving them is churn only.
 */
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import { lruStreamingRule } from '../cell-rules/lru-streaming.js';
import { ruleFacts } from '../names/rule-table.js';
import { onlineRecurrence } from '../online-recurrence.js';
import { defineRule } from '../rule-definition.js';

export const onlineFull = defineRule({
  ...ruleFacts('online_full'),
  sequence: () => onlineRecurrence('online_full'),
  streaming: () => lruStreamingRule('online_full') as StreamingRule<unknown>,
});
