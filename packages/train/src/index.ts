/**
 * @olrd/train: optimisers (optax-style), schedules, configs, checkpoints and the training loop.
 * Isomorphic; file-system helpers live in `@olrd/train/node`.
 */
// Config
export type {
  BackendChoice,
  ListOpsSourceChoice,
  LrSchedule,
  OptConfig,
  PathfinderLevelChoice,
  PathfinderSourceChoice,
  PermutationChoice,
  TrainConfig,
} from './config/train-config.js';
export {
  BACKEND_CHOICES,
  DEFAULT_TRAIN_CONFIG,
  LISTOPS_SOURCE_CHOICES,
  LR_SCHEDULES,
  OPT_CONFIGS,
  PATHFINDER_LEVEL_CHOICES,
  PATHFINDER_SOURCE_CHOICES,
  PERMUTATION_CHOICES,
} from './config/train-config.js';
export type { FieldSpec, FieldType } from './config/config-fields.js';
export { CONFIG_FIELDS, CONFIG_KEYS, describeFieldType } from './config/config-fields.js';
export { CONFIG_SCHEMA_ID, trainConfigJsonSchema } from './config/config-schema.js';
export { ConfigError } from './config/config-error.js';
export {
  canonicalKey,
  editDistance,
  spellingHint,
  toCamelCase,
  toKebabCase,
} from './config/config-keys.js';
export {
  checkConfigConsistency,
  normalizeConfigLayer,
  resolveTrainConfig,
  validateTrainConfig,
} from './config/validate-config.js';
export type { ConfigFormat } from './config/parse-config-text.js';
export { configFormatFromPath, parseConfigText } from './config/parse-config-text.js';
export type { ConfigFlagOverride, ConfigFlagTable } from './config/config-flags.js';
export {
  configFlagHelp,
  configFlagNames,
  configFlagOptions,
  configFlagTable,
  configLayerFromFlags,
  parseFlagValue,
} from './config/config-flags.js';
export type {
  CustomFlagType,
  FlagField,
  FlagTable,
  FlagType,
  FlagValues,
  ReadFlags,
  StringFlagOption,
  SwitchFlagOption,
} from './config/flag-table.js';
export {
  defineFlag,
  flagDefaults,
  flagHelp,
  flagNames,
  flagOptions,
  parseFlagText,
  readFlags,
} from './config/flag-table.js';
export { checkRuleOptions } from './config/rule-options.js';
// Optimisers
export type { GradientTransformation, Schedule } from './optim/gradient-transformation.js';
export type { OptState } from './optim/tree.js';
export { cloneTree, disposeTree } from './optim/tree.js';
export { chain } from './optim/chain.js';
export type { ScaleByAdamOptions, ScaleByAdamState } from './optim/scale-by-adam.js';
export { scaleByAdam } from './optim/scale-by-adam.js';
export { addDecayedWeights } from './optim/add-decayed-weights.js';
export type { ScaleByLearningRateState } from './optim/scale-by-learning-rate.js';
export { scaleByLearningRate } from './optim/scale-by-learning-rate.js';
export { clipByGlobalNorm } from './optim/clip-by-global-norm.js';
export { multiTransform } from './optim/multi-transform.js';
export type { MultiStepsState } from './optim/multi-steps.js';
export { multiSteps, multiStepsDidUpdate } from './optim/multi-steps.js';
export { applyUpdates } from './optim/apply-updates.js';
export type { ArrayOptState, ArrayParams, ArrayTransformation } from '@olrd/core/spec';
export {
  applyUpdatesInPlace,
  stateFromArrays,
  stateToArrays,
  zerosLikeArrays,
} from './optim/array-tree.js';
export { adam, adamw } from './optim/aliases.js';
export type { ParamGroup } from './optim/param-groups.js';
export { isNormParam, leafName, paramGroup } from './optim/param-groups.js';
export type { LrScheduleOptions } from './optim/lr-schedule.js';
export { createLrSchedule } from './optim/lr-schedule.js';
export type { OptimizerOptions } from './optim/create-optimizer.js';
export { createOptimizer } from './optim/create-optimizer.js';
// Checkpoints (the safetensors format itself lives in @olrd/tensor; re-exported for users here)
export { CheckpointError, parseSafetensors, serializeSafetensors } from '@olrd/tensor';
export type {
  SafetensorsF32,
  SafetensorsFile,
  SafetensorsI32,
  SafetensorsTensor,
} from '@olrd/tensor';
export { safetensorsToTensors, tensorsToSafetensors } from './checkpoint/tensors-to-safetensors.js';
export type { LoadedCheckpoint } from './checkpoint/checkpoint.js';
export type {
  LoopPosition,
  LossTotals,
  TrainResumeState,
  TrainSnapshot,
} from './checkpoint/train-state.js';
export {
  TRAIN_STATE_FORMAT,
  parseTrainState,
  serializeTrainState,
} from './checkpoint/train-state.js';
export {
  CHECKPOINT_FORMAT,
  MODEL_CONFIG_KEY,
  TRAIN_CONFIG_KEY,
  describeShapeMismatch,
  loadCheckpoint,
  modelConfigFromMetadata,
  serializeCheckpoint,
} from './checkpoint/checkpoint.js';
// Training loop
export type {
  AlignmentMetricsEvent,
  BestCheckpoint,
  EpochMetricsEvent,
  LossAccuracy,
  MetricsEvent,
  StepMetricsEvent,
  StepProgress,
  TrainCallbacks,
  TrainStartInfo,
} from './loop/metrics-events.js';
export type { SplitMetrics } from './loop/evaluate.js';
export { evaluateSplit } from './loop/evaluate.js';
export { batchToTensors, disposeBatch } from './loop/batch-tensors.js';
export { datasetOptionsFor, modelConfigFor } from './loop/model-config-for.js';
export type { TrainingPlan } from './loop/training-plan.js';
export { planTraining } from './loop/training-plan.js';
export type { TrainingBatches } from './loop/training-batches.js';
export { trainingBatches } from './loop/training-batches.js';
export { EarlyStopping } from './loop/early-stopping.js';
export type { StopReason, TrainOptions, TrainResult } from './loop/train.js';
export { train } from './loop/train.js';
export type { RunSummary } from './loop/run-summary.js';
export { summarizeRun } from './loop/run-summary.js';
// Gradient alignment (Figure 2)
export * from './analysis/gradient-alignment.js';
export type { AlignmentMean, AlignmentSummary } from './analysis/alignment-summary.js';
export { meanAlignment, meanStats, summarizeForLog } from './analysis/alignment-summary.js';
// Sweeps (W&B sweep files)
export type {
  Distribution,
  ParameterSpec,
  SweepMetricName,
  SweepSpec,
} from './sweep/sweep-spec.js';
export { DISTRIBUTIONS, parseSweepSpec, parseSweepText } from './sweep/sweep-spec.js';
export type { SweepJob } from './sweep/expand-sweep.js';
export { expandSweep, sweepJobConfig } from './sweep/expand-sweep.js';
