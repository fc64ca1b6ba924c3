/**
 * The one-step rules, on every cell: the carry s_{t−1} is a constant in each step's derivative.
 *
 * - `online_1truncated`: ∂L/∂θ = Σ_t δ_t·∂s_t/∂θ|_{s_{t−1}} (on the LRU: the traces with κ = 0);
 * - `online_spatial`: as above with the recurrent terms stopped too, so the recurrence's own
 *   parameters get 0 and only the spatial credit flows.
 *
 * The LRU has its own forms (online-recurrence.ts, lru-traces.ts, fused/); other cells run
 * cell-rules/cell-recurrence.ts (sequence) and cell-rules/cell-streaming.ts (streaming).
 */
import { cellRecurrence } from '../cell-rules/cell-recurrence.js';
import { cellStreamingRule } from '../cell-rules/cell-streaming.js';
import { lruStreamingRule } from '../cell-rules/lru-streaming.js';
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import { ruleFacts } from '../names/rule-table.js';
import { onlineRecurrence } from '../online-recurrence.js';
import { defineRule, type RuleDefinition } from '../rule-definition.js';

function oneStepRule(name: 'online_1truncated' | 'online_spatial'): RuleDefinition {
  return defineRule({
    ...ruleFacts(name),
    sequence: ({ config, truncation }) =>
      config.layerCls === 'LRU' ? onlineRecurrence(name) : cellRecurrence(name, config, truncation),
    streaming: ({ config }) =>
      (config.layerCls === 'LRU'
        ? lruStreamingRule(name)
        : cellStreamingRule(name)) as StreamingRule<unknown>,
  });
}

export const online1Truncated = oneStepRule('online_1truncated');
export const onlineSpatial = oneStepRule('online_spatial');
