/**
 * `bptt`: exact backpropagation through time. The loss L = Σ_t ℓ_t(s_t) is differentiated through
 * every step, dL/ds_t = ∂ℓ_t/∂s_t + (dL/ds_{t+1})·∂s_{t+1}/∂s_t, so memory grows with T (the
 * autodiff tape of every step). Sequence execution only: the first gradient needs the last step.
 */
import { ruleFacts } from '../names/rule-table.js';
import { defineRule } from '../rule-definition.js';

export const bptt = defineRule({ ...ruleFacts('bptt'), sequence: () => 'exact' });
