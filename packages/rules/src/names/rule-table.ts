/**
 * The live table of rules: the built-in ones, plus any added with `registerRuleFacts` (which the
 * registry's `registerRule` calls). The lists below are the table's own arrays, so a rule added at
 * run time shows up in every list and predicate, in help texts and in the web page's choices.
 */
import { BUILT_IN_FACTS } from './built-in-facts.js';
import type { Execution, RuleFacts } from './rule-facts.js';

/**
 * A built-in learning rule (see {@link BUILT_IN_FACTS} for each one's description). Rules added at
 * run time have names outside this union; the lookups take any string.
 */
export type RuleName =
  | 'bptt'
  | 'tbptt'
  | 'online_full'
  | 'online_1truncated'
  | 'online_spatial'
  | 'snap1'
  | 'rtrl'
  | SyntheticGradientRuleName;
/** The rules that train a synthesiser (the model needs `synthesiser: true`). */
export type SyntheticGradientRuleName = 'bp_lambda' | 'online_full_bp_lambda' | 'dni';
/** The LRU's online rules, which have trace-based streaming engines (tfjs and fused). */
export type LruOnlineRuleName = 'online_full' | 'online_1truncated' | 'online_spatial';
/** The non-synthesiser rules the streaming `OnlineLearner` runs (`snap1` is online_full on the LRU). */
export type OnlineRuleName = LruOnlineRuleName | 'snap1';
/** The BP(λ) rules the `OnlineLearner` runs (tfjs engine; the model needs `synthesiser: true`). */
export type LearnerSgRuleName = 'bp_lambda' | 'online_full_bp_lambda';
/** Every rule the `OnlineLearner` runs: the online rules and the BP(λ) ones. */
export type LearnerRuleName = OnlineRuleName | LearnerSgRuleName;

const facts = new Map<string, RuleFacts>();

/** Every rule's name, in table order (live: grows with `registerRuleFacts`). */
export const RULE_NAMES: readonly RuleName[] = [];
/** The rules that train a synthesiser. */
export const SYNTHETIC_GRADIENT_RULES: readonly SyntheticGradientRuleName[] = [];
/** The non-synthesiser rules the `OnlineLearner` runs. */
export const ONLINE_RULES: readonly OnlineRuleName[] = [];
/** Every rule the `OnlineLearner` runs. */
export const LEARNER_RULES: readonly LearnerRuleName[] = [];
/** The LRU's online rules (the fused engine's). */
export const LRU_ONLINE_RULES: readonly LruOnlineRuleName[] = [
  'online_full',
  'online_1truncated',
  'online_spatial',
];
export const EXECUTIONS: readonly Execution[] = ['sequence', 'streaming'];

/**
 * Adds a rule's facts to the table, after the others.
 *
 * @throws Error when a rule of that name is already there
 */
export function registerRuleFacts(rule: RuleFacts): void {
  if (facts.has(rule.name)) throw new Error(`rule '${rule.name}' is already registered`);
  facts.set(rule.name, rule);
  const name = rule.name as never;
  (RULE_NAMES as string[]).push(name);
  if (rule.synthesiser) (SYNTHETIC_GRADIENT_RULES as string[]).push(name);
  if (rule.learner) {
    (LEARNER_RULES as string[]).push(name);
    if (!rule.synthesiser) (ONLINE_RULES as string[]).push(name);
  }
}
for (const rule of BUILT_IN_FACTS) registerRuleFacts(rule);

/** Every rule's facts, in table order. */
export function ruleTable(): readonly RuleFacts[] {
  return [...facts.values()];
}

/**
 * The facts of rule `name`.
 *
 * @throws RangeError naming the allowed rules when there is no such rule
 */
export function ruleFacts(name: string): RuleFacts {
  const rule = facts.get(name);
  if (rule === undefined)
    throw new RangeError(`unknown rule '${name}': use one of ${RULE_NAMES.join(', ')}`);
  return rule;
}

/** Throws an error naming the allowed rules when `name` is not one. */
export function parseRuleName(name: string): RuleName {
  return ruleFacts(name).name as RuleName;
}

/** Throws an error naming the allowed executions when `name` is not one. */
export function parseExecution(name: string): Execution {
  if ((EXECUTIONS as readonly string[]).includes(name)) return name as Execution;
  throw new RangeError(`unknown execution '${name}': use one of ${EXECUTIONS.join(', ')}`);
}

/** True for the rules that train a synthesiser. */
export function isSyntheticGradientRule(name: string): name is SyntheticGradientRuleName {
  return facts.get(name)?.synthesiser === true;
}

/** True for the BP(λ) rules the `OnlineLearner` runs. */
export function isLearnerSgRule(name: string): name is LearnerSgRuleName {
  const rule = facts.get(name);
  return rule !== undefined && rule.learner && rule.synthesiser;
}

/** True for the rules the `OnlineLearner` runs. */
export function isLearnerRule(name: string): name is LearnerRuleName {
  return facts.get(name)?.learner === true;
}

/** True for the LRU's online rules (the ones the fused engine runs). */
export function isLruOnlineRule(name: string): name is LruOnlineRuleName {
  return (LRU_ONLINE_RULES as readonly string[]).includes(name);
}
