/**
 * The built-in rules, one record each, in the names table's order. A new rule is one file beside
 * these plus one line here (or a `registerRule` call from outside the package).
 */
import type { RuleDefinition } from '../rule-definition.js';
import { bptt } from './bptt.js';
import { onlineFull } from './online-full.js';
import { online1Truncated, onlineSpatial } from './one-step.js';
import { rtrl } from './rtrl.js';
import { snap1 } from './snap1.js';
import { bpLambda, dni, onlineFullBpLambda } from './synthetic-gradients.js';
import { tbptt } from './tbptt.js';

export const BUILT_IN_RULES: readonly RuleDefinition[] = [
  bptt,
  tbptt,
  onlineFull,
  online1Truncated,
  onlineSpatial,
  snap1,
  rtrl,
  bpLambda,
  onlineFullBpLambda,
  dni,
];
