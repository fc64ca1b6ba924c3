/**
 * `@olrd/rules/testing`: what other packages' tests use to check that they follow the rule
 * registry, and the rules tests' own fixtures (small models, random batches, gradient comparison,
 * models with a synthesiser), so that `@olrd/train`'s learner tests build the same models instead
 * of copying them. `frozenRecurrence` is an example rule to `registerRule` (it is not registered
 * here).
 */
export { frozenRecurrence } from './frozen-recurrence-rule.js';
export * from '../test-helpers.js';
export * from '../bp-lambda/sg-test-helpers.js';
