/**
 * `@olrd/rules/testing`: what other packages' tests use to check that they follow the rule
 * registry. `frozenRecurrence` is an example rule to `registerRule` (it is not registered here).
 */
export { frozenRecurrence } from './frozen-recurrence-rule.js';
