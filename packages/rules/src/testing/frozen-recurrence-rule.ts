/**
 * An example rule for tests, the registry's acceptance test (issue 16): `online_full` with a frozen
 * recurrence. It forms online_full's gradient and gives the LRU's recurrent parameters (ν, θ, γ,
 * B; the cell's `recurrentParams`) zero, so only the readout, the norms, C, D and the blocks
 * above learn. This file plus one `registerRule(frozenRecurrence)` is all a new rule needs; the
 * package README shows the same record.
 */
import { tf } from '@olrd/tensor';
import { formGradients } from '../compute-gradients.js';
import { isRecurrentParam } from '../recurrent-params.js';
import { defineRule } from '../rule-definition.js';
import { lookupRule } from '../registry.js';

export const frozenRecurrence = defineRule({
  name: 'online_full_frozen',
  description: 'online_full with the recurrence frozen: the recurrent parameters get 0',
  hint: 'LRU, frozen recurrence',
  supports: {
    cells: {
      only: ['LRU'],
      needs: 'freezes the LRU recurrence',
      instead: "'online_spatial'",
    },
    executions: 'all',
    pooling: ['none', 'last', 'pool_st'],
    heads: ['classification', 'regression', 'retrieval'],
  },
  options: [],
  synthesiser: false,
  learner: false,
  memory: 'lru-traces',
  gradients: (input) => {
    const result = formGradients(lookupRule('online_full'), input);
    for (const name of Object.keys(result.grads).filter(isRecurrentParam)) {
      const grad = result.grads[name]!;
      result.grads[name] = tf.zerosLike(grad);
      grad.dispose();
    }
    return result;
  },
});
