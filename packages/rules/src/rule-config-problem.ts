/**
 * The rule-versus-model check under its older name: `olrd train` runs it while it resolves its
 * config, so a bad combination is refused before a run folder exists, in `checkSupport`'s words.
 */
import type { ModelConfig } from '@olrd/core';
import { checkSupport } from './names/check-support.js';
import type { Execution, RuleName } from './names/index.js';

/**
 * Why `rule` cannot train a model like `model` in `execution`, or `undefined` when it can: the
 * cell and, when known, the head and the pooling mode (see `checkSupport`).
 */
export function ruleConfigProblem(
  rule: RuleName | (string & {}),
  execution: Execution,
  model: Pick<ModelConfig, 'layerCls'> & Partial<Pick<ModelConfig, 'retrieval' | 'mode' | 'loss'>>,
): string | undefined {
  return checkSupport(rule, model, execution);
}
