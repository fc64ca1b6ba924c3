/**
 * Rule and execution names, as the reference spells the training modes (spec 1 §0).
 */

/** A learning rule: exact BPTT or one of the online rules for the LRU. */
export type RuleName = 'bptt' | 'online_full' | 'online_1truncated' | 'online_spatial';
/** The online rules (every rule except BPTT). */
export type OnlineRuleName = Exclude<RuleName, 'bptt'>;
/** `sequence`: whole sequences at once (fast); `streaming`: one step at a time, memory flat in T. */
export type Execution = 'sequence' | 'streaming';

export const RULE_NAMES: readonly RuleName[] = [
  'bptt',
  'online_full',
  'online_1truncated',
  'online_spatial',
];
export const EXECUTIONS: readonly Execution[] = ['sequence', 'streaming'];

/** Throws an error naming the allowed rules when `name` is not one. */
export function parseRuleName(name: string): RuleName {
  if ((RULE_NAMES as readonly string[]).includes(name)) return name as RuleName;
  throw new RangeError(`unknown rule '${name}': use one of ${RULE_NAMES.join(', ')}`);
}

/** Throws an error naming the allowed executions when `name` is not one. */
export function parseExecution(name: string): Execution {
  if ((EXECUTIONS as readonly string[]).includes(name)) return name as Execution;
  throw new RangeError(`unknown execution '${name}': use one of ${EXECUTIONS.join(', ')}`);
}

/** Parameter names whose gradient an online rule forms from traces instead of autodiff. */
export function isRecurrentParam(name: string): boolean {
  return /\.rec\.(nu|theta|gamma_log|B_re|B_im)$/.test(name);
}
