/**
 * `rtrl`: exact real-time recurrent learning. The full sensitivity M_t = ds_t/dθ [S, P] follows
 * M_t = J_t·M_{t−1} + ∂s_t/∂θ|_{s_{t−1}}, and the gradient is Σ_t (∂ℓ_t/∂s_t)·M_t, exactly BPTT's
 * (tested ≤ 1e-5). The maths, with its memory bound, is in cell-rules/rtrl.ts; sequence execution
 * runs the same forward recursion (there is no cheaper exact sequence form).
 */
import { rtrlStreamingRule } from '../cell-rules/rtrl.js';
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import { ruleFacts } from '../names/rule-table.js';
import { defineRule } from '../rule-definition.js';

export const rtrl = defineRule({
  ...ruleFacts('rtrl'),
  streaming: ({ maxSensitivityBytes }) =>
    rtrlStreamingRule(maxSensitivityBytes) as StreamingRule<unknown>,
});
