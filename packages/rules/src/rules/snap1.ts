/**
 * `snap1`: SnAp-1 (Menick et al. 2021), traces through the diagonal D_t of the recurrent Jacobian:
 *
 *   e_t = D_t ⊙ e_{t−1} + ∂s_t/∂θ|_{s_{t−1}},   ∂L/∂θ_rec = Σ_t δ_t ⊙ e_t.
 *
 * On the LRU the Jacobian is diagonal, so SnAp-1 is exact in-layer RTRL: it runs `online_full`'s
 * forms. Other cells: cell-rules/snap-credit.ts (sequence) and cell-rules/cell-streaming.ts.
 */
import { cellRecurrence } from '../cell-rules/cell-recurrence.js';
import { cellStreamingRule } from '../cell-rules/cell-streaming.js';
import { lruStreamingRule } from '../cell-rules/lru-streaming.js';
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import { ruleFacts } from '../names/rule-table.js';
import { onlineRecurrence } from '../online-recurrence.js';
import { defineRule } from '../rule-definition.js';

export const snap1 = defineRule({
  ...ruleFacts('snap1'),
  sequence: ({ config, truncation }) =>
    config.layerCls === 'LRU'
      ? onlineRecurrence('online_full')
      : cellRecurrence('snap1', config, truncation),
  streaming: ({ config }) =>
    (config.layerCls === 'LRU'
      ? lruStreamingRule('online_full')
      : cellStreamingRule('snap1')) as StreamingRule<unknown>,
});
