/**
 * `checkSupport`: the one place a rule, a model and an execution are checked against each other,
 * so every refusal reads the same wherever it is raised (computeGradients, the engines, `olrd
 * train`'s config check, streaming evaluation, the web worker). Each message names the fix.
 */
import type { LayerClass, LossKind, PoolingMode } from '@olrd/core';
import type { Execution } from './rule-facts.js';
import { ruleFacts } from './rule-table.js';

/** The model keys the checks read; absent ones are not checked (e.g. before the data is known). */
export interface SupportModel {
  layerCls: LayerClass;
  mode?: PoolingMode;
  retrieval?: boolean;
  loss?: LossKind;
}

/** The refusal of pooling mode `pool` by every rule that forms its credit online, and by streaming. */
export const POOL_REFUSAL =
  "pooling mode 'pool' averages over the whole sequence, so online rules cannot use it and it cannot run one step at a time: use execution 'sequence' with 'bptt' or 'tbptt', or mode 'pool_st' or 'none'";

/** The refusal of the retrieval head by streaming. */
export const RETRIEVAL_REFUSAL =
  "the retrieval head pairs two whole documents (2B sequences), so it runs in execution 'sequence' (--execution sequence)";

/**
 * Why no rule can run a model like `model` in `execution` (the execution's own limits), or
 * `undefined` when it can. Streaming evaluation calls this: it runs no rule.
 */
export function checkExecution(model: SupportModel, execution: Execution): string | undefined {
  if (execution !== 'streaming') return undefined;
  if (model.retrieval === true) return RETRIEVAL_REFUSAL;
  if (model.mode === 'pool') return POOL_REFUSAL;
  return undefined;
}

/** A refusal: its message and the key of the setting to change. */
export interface SupportProblem {
  key: 'rule' | 'layerCls' | 'execution' | 'mode' | 'retrieval' | 'loss';
  message: string;
}

/**
 * {@link checkSupport}'s refusal with the setting it is about (a config check uses it to name the
 * key). Checked in this order: the cell, the streaming limits of the head, the execution, the
 * pooling mode, the head.
 *
 * @throws RangeError when `rule` is not a registered rule
 */
export function supportProblem(
  rule: string,
  model: SupportModel,
  execution: Execution,
): SupportProblem | undefined {
  const { name, supports } = ruleFacts(rule);
  const { cells, executions } = supports;
  if (cells !== 'all' && !cells.only.includes(model.layerCls)) {
    const message = `rule '${name}' ${cells.needs}; for ${model.layerCls} use ${cells.instead}`;
    return { key: 'layerCls', message };
  }
  if (execution === 'streaming' && model.retrieval === true)
    return { key: 'retrieval', message: RETRIEVAL_REFUSAL };
  if (executions !== 'all' && !executions.only.includes(execution)) {
    const message = `rule '${name}' ${executions.needs}: use execution 'sequence' (--execution sequence), or ${executions.instead}`;
    return { key: 'execution', message };
  }
  if (execution === 'streaming' && model.mode === 'pool')
    return { key: 'mode', message: POOL_REFUSAL };
  if (model.mode !== undefined && !supports.pooling.includes(model.mode))
    return { key: 'mode', message: POOL_REFUSAL };
  if (model.retrieval === true && !supports.heads.includes('retrieval'))
    return {
      key: 'retrieval',
      message: `rule '${name}' cannot train the retrieval head: use 'bptt'`,
    };
  if (model.loss === 'mse' && !supports.heads.includes('regression')) {
    const message = `rule '${name}' cannot train a regression head (loss 'mse'): use 'bptt'`;
    return { key: 'loss', message };
  }
  return undefined;
}

/**
 * Why `rule` cannot train a model like `model` in `execution`, or `undefined` when it can. The
 * message names the fix (the rule to use instead, the execution or the pooling mode), and it is
 * the same wherever the combination is refused.
 *
 * @throws RangeError when `rule` is not a registered rule
 */
export function checkSupport(
  rule: string,
  model: SupportModel,
  execution: Execution,
): string | undefined {
  return supportProblem(rule, model, execution)?.message;
}

/**
 * {@link checkSupport} as a guard.
 *
 * @throws RangeError with checkSupport's message when `rule` cannot train the model
 */
export function requireSupport(rule: string, model: SupportModel, execution: Execution): void {
  const problem = checkSupport(rule, model, execution);
  if (problem !== undefined) throw new RangeError(problem);
}
