/**
 * `tbptt`: BPTT within chunks of K = `truncation` steps. The carry s_{kK} is detached at each
 * chunk start (chunks start at t = 0), so dL/ds_t sums only ∂ℓ_τ/∂s_t for τ in t's chunk; memory
 * is one chunk's tape. The streaming form buffers a chunk and backpropagates it at its end (or at
 * `finish`), which forms the same chunks without knowing T.
 */
import { cellRecurrence } from '../cell-rules/cell-recurrence.js';
import { tbpttStreamingRule } from '../cell-rules/tbptt-streaming.js';
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import { ruleFacts } from '../names/rule-table.js';
import { defineRule } from '../rule-definition.js';

export const tbptt = defineRule({
  ...ruleFacts('tbptt'),
  sequence: ({ config, truncation }) => cellRecurrence('tbptt', config, truncation),
  streaming: ({ truncation }) => tbpttStreamingRule(truncation) as StreamingRule<unknown>,
});
