/**
 * The rule-versus-model checks that need no tensors: which cells a rule can train and which heads
 * can stream. `computeGradients` runs them before any work, and `olrd train` runs the same
 * function while it resolves its config, so a bad combination is refused before a run folder
 * exists, with the same words either way.
 */
import type { ModelConfig } from '@olrd/core';
import type { Execution, RuleName } from './rule-names.js';

/**
 * Why `rule` cannot train a model like `model` in `execution`, or `undefined` when it can. The
 * message names the fix (the rule to use instead, or the execution).
 *
 * @param model - the architecture keys checked: `layerCls` and, when known, `retrieval`
 */
export function ruleConfigProblem(
  rule: RuleName,
  execution: Execution,
  model: Pick<ModelConfig, 'layerCls'> & Partial<Pick<ModelConfig, 'retrieval'>>,
): string | undefined {
  if (rule === 'online_full' && model.layerCls !== 'LRU') {
    return `rule 'online_full' needs a diagonal recurrence (the LRU); for ${model.layerCls} use 'snap1' (its diagonal approximation) or 'rtrl' (exact)`;
  }
  if (rule === 'online_full_bp_lambda' && model.layerCls !== 'LRU') {
    return `rule 'online_full_bp_lambda' is online_full (a diagonal recurrence, the LRU) plus BP(λ); for ${model.layerCls} use 'bp_lambda'`;
  }
  if (execution === 'streaming' && model.retrieval === true) {
    return "the retrieval head pairs two whole documents (2B sequences), so it runs in execution 'sequence' (--execution sequence)";
  }
  return undefined;
}
