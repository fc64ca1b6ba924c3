export type { Execution, OnlineRuleName, RuleName } from './rule-names.js';
export {
  EXECUTIONS,
  RULE_NAMES,
  isRecurrentParam,
  parseExecution,
  parseRuleName,
} from './rule-names.js';
export type { Batch, GradientOptions, GradientResult } from './compute-gradients.js';
export { computeGradients, computeGradientsAsync } from './compute-gradients.js';
export { onlineRecurrence } from './online-recurrence.js';
export type { OnlineState, StepTarget } from './online-lru.js';
export { disposeOnlineState, initOnlineState, onlineGradients, stepOnline } from './online-lru.js';
export type { ComplexPair, LruStepQuantities, LruTraceState } from './lru-traces.js';
export { disposeLruTraces, initLruTraces, lruTraceGradients, stepLruTraces } from './lru-traces.js';
