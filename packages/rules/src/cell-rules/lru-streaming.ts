/**
 * The LRU's trace-based streaming engine (online-lru.ts) as a {@link StreamingRule}.
 */
import { tf } from '@olrd/tensor';
import {
  disposeOnlineState,
  initOnlineState,
  onlineGradients,
  stepOnline,
  type OnlineState,
} from '../online-lru.js';
import type { LruOnlineRuleName } from '../names/index.js';
import type { StreamingRule } from './streaming-rule.js';

export function lruStreamingRule(rule: LruOnlineRuleName): StreamingRule<OnlineState> {
  return {
    init: (params, config, batchSize) => initOnlineState(rule, params, config, batchSize),
    step: (state, params, config, x, target, masks) =>
      stepOnline(state, params, config, x, target, masks),
    gradients: (state, params) => onlineGradients(state, params),
    loss: (state) => tf.clone(state.loss),
    dispose: disposeOnlineState,
  };
}
