// The tfjs-free half (also the `@olrd/rules/names` subpath): names, facts, checkSupport.
export * from './names/index.js';
export { isRecurrentParam } from './recurrent-params.js';
export type {
  CreatedEngine,
  RuleBatch,
  RuleContext,
  RuleDefinition,
  RuleMaths,
} from './rule-definition.js';
export { defineRule } from './rule-definition.js';
export { lookupRule, registerRule } from './registry.js';
export { ruleConfigProblem } from './rule-config-problem.js';
export type { Batch, GradientOptions, GradientResult } from './compute-gradients.js';
export {
  DEFAULT_TRUNCATION,
  computeGradients,
  computeGradientsAsync,
  formGradients,
  pendingGradients,
} from './compute-gradients.js';
export type { StepTarget, StreamingRule } from './cell-rules/streaming-rule.js';
export { DEFAULT_MAX_SENSITIVITY_BYTES } from './cell-rules/rtrl.js';
export { onlineRecurrence } from './online-recurrence.js';
export type { OnlineState } from './online-lru.js';
export { disposeOnlineState, initOnlineState, onlineGradients, stepOnline } from './online-lru.js';
export type { ComplexPair, LruStepQuantities, LruTraceState } from './lru-traces.js';
export { disposeLruTraces, initLruTraces, lruTraceGradients, stepLruTraces } from './lru-traces.js';
export type {
  EngineArray,
  EngineStepResult,
  EngineTarget,
  StreamingEngine,
} from './streaming-engine.js';
export type { TensorEngineOptions } from './engines/tensor-engine.js';
export { createTensorEngine } from './engines/tensor-engine.js';
export type { EngineKind } from './rule-definition.js';
export { createEngine } from './engine-factory.js';
export type { FusedEngineOptions } from './fused/fused-engine.js';
export { createFusedEngine } from './fused/fused-engine.js';
export { FUSED_SUPPORT, fusedSupportProblem } from './fused/fused-support.js';
export type { SyntheticGradientOptions } from './bp-lambda/sg-options.js';
export { SG_DEFAULTS, learnerSgOptions } from './bp-lambda/sg-options.js';
export type { SignalAlignment } from './bp-lambda/signal-alignment.js';
export { learningSignalAlignment } from './bp-lambda/signal-alignment.js';
export type {
  FixedFormat,
  FloatFormat,
  NumberFormat,
  Rounding,
  Uint32Source,
} from './chip/number-format.js';
export {
  FORMAT_SYNTAX,
  describeFormat,
  formatBytes,
  parseNumberFormat,
  quantize,
} from './chip/number-format.js';
export type {
  ClassPrecision,
  Precision,
  PrecisionPreset,
  QuantityClass,
} from './chip/precision.js';
export {
  PRECISION_PRESETS,
  QUANTITY_CLASSES,
  formatPrecision,
  isAllFixed,
  parsePrecision,
  precisionPreset,
} from './chip/precision.js';
export type { ChipLearnerOptions, ChipStepResult } from './chip/chip-learner.js';
export { ChipLearner } from './chip/chip-learner.js';
export { checkChipConfig } from './chip/chip-model.js';
export type { ChipOptimizerName, ChipOptimizerOptions } from './chip/chip-optimizer.js';
export { CHIP_OPTIMIZERS } from './chip/chip-optimizer.js';
export { exportChipC } from './chip/c-export/c-export.js';
export type { BudgetOptions, BudgetRule, RuleBudget } from './chip/chip-budget.js';
export { BUDGET_RULES, chipBudget, chipParamCount } from './chip/chip-budget.js';
