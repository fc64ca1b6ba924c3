/**
 * The rule registry: one record per rule, its facts (names/) beside its maths (rules/). Dispatch is
 * a lookup here; `computeGradients` and `createEngine` ask the record instead of testing names.
 * `registerRule` adds a rule at run time, and it then appears in every list of the names table.
 */
import { registerRuleFacts, ruleFacts } from './names/rule-table.js';
import type { RuleDefinition, RuleMaths } from './rule-definition.js';
import { BUILT_IN_RULES } from './rules/index.js';

const maths = new Map<string, RuleMaths>(BUILT_IN_RULES.map((rule) => [rule.name, rule]));

/**
 * Adds `definition` to the registry and its facts to the names table (after the others), so
 * `checkSupport`, the lists of names, the CLI's help and the web page's choices include it.
 *
 * @throws Error when a rule of that name is already registered
 */
export function registerRule(definition: RuleDefinition): void {
  registerRuleFacts(definition);
  maths.set(definition.name, definition);
}

/**
 * The record of rule `name`.
 *
 * @throws RangeError naming the allowed rules when there is no such rule
 */
export function lookupRule(name: string): RuleDefinition {
  const facts = ruleFacts(name);
  const found = maths.get(name);
  if (found === undefined) throw new Error(`rule '${name}' has facts but no maths registered`);
  return { ...facts, ...found };
}
