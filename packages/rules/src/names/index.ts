/**
 * `@olrd/rules/names`: the rules' names, descriptions and support table, and `checkSupport`,
 * without tfjs (the web page's bundle, the CLI's help and the memory estimates read it).
 */
export type {
  Execution,
  Head,
  MemoryKind,
  RuleFacts,
  RuleOption,
  RuleSupport,
} from './rule-facts.js';
export type {
  LearnerRuleName,
  LearnerSgRuleName,
  LruOnlineRuleName,
  OnlineRuleName,
  RuleName,
  SyntheticGradientRuleName,
} from './rule-table.js';
export {
  EXECUTIONS,
  LEARNER_RULES,
  LRU_ONLINE_RULES,
  ONLINE_RULES,
  RULE_NAMES,
  SYNTHETIC_GRADIENT_RULES,
  isLearnerRule,
  isLearnerSgRule,
  isLruOnlineRule,
  isSyntheticGradientRule,
  parseExecution,
  parseRuleName,
  registerRuleFacts,
  ruleFacts,
  ruleTable,
} from './rule-table.js';
export type { SupportModel, SupportProblem } from './check-support.js';
export {
  POOL_REFUSAL,
  RETRIEVAL_REFUSAL,
  checkExecution,
  checkSupport,
  requireSupport,
  supportProblem,
} from './check-support.js';
