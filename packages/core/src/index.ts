export type {
  Activation,
  LayerClass,
  LossKind,
  ModelConfig,
  PoolingMode,
  RnnActivation,
} from './model-config.js';
export {
  ACTIVATIONS,
  LAYER_CLASSES,
  LOSS_KINDS,
  POOLING_MODES,
  RNN_ACTIVATIONS,
  defaultArchitecture,
  lossKindOf,
  validateModelConfig,
} from './model-config.js';
export type { Params } from './params.js';
export { param, scope } from './params.js';
export { childSeed, normalArray, truncatedNormalArray, uniformGenerator } from './random.js';
export type { Uniform } from './random.js';
export { stopGradient } from './stop-gradient.js';
export { dense, lecunNormal } from './dense.js';
export { LAYER_NORM_EPSILON, layerNorm } from './layer-norm.js';
export { gelu } from './gelu.js';
export type { LruDynamics, LruInitOptions, LruRecurrence } from './lru.js';
export {
  lruDynamics,
  lruInit,
  lruInputMatrix,
  lruInputProjection,
  lruLambda,
  lruLambdaAt,
  lruLambdaVjp,
  lruLambdaVjpAt,
  lruReadout,
  lruScan,
} from './lru.js';
export type { DropoutMasks } from './dropout.js';
export { disposeMasks, drawDropoutMasks, dropoutSites } from './dropout.js';
export type { Recurrence } from './sequence-layer.js';
export { sequenceLayer } from './sequence-layer.js';
export {
  cellOf,
  cellStep,
  fromLruRecurrence,
  gruCell,
  loopScan,
  lruCell,
  lstmCell,
  rnnCell,
  stateComponents,
} from './cells/index.js';
export { inferModelConfig, initParams, paramShapes } from './init-params.js';
export type { ForwardOptions } from './model.js';
export { decode, encodeSequence, forward, poolFeatures } from './model.js';
export {
  countCorrect,
  countCorrectAsync,
  countCorrectTensors,
  labelsPerStep,
  maskedLoss,
  stepCrossEntropy,
  targetsPerStep,
} from './loss.js';
export { stepWeights } from './loss-weighting.js';
export { maskedMse, regressionTargetsPerStep, stepSquaredError } from './mse-loss.js';
export type { ModelStep, PoolingCarry, Transition } from './model-step.js';
export { stepLoss, stepModel } from './model-step.js';
export { isSynthesiserParam, synthesise, synthesiserSize } from './synthesiser.js';
export type { InvalidLabel } from './class-labels.js';
export { findInvalidLabel, unflattenIndex } from './class-labels.js';
export { defaultHiddenSize } from './hidden-size.js';
// The interfaces, types only (also the `@olrd/core/spec` subpath).
export type {
  ArrayOptState,
  ArrayParams,
  ArrayTransformation,
  Cell,
  CellSizes,
  EngineArray,
  EngineStepResult,
  EngineTarget,
  GradientTransformation,
  OptState,
  Schedule,
  SpecificationVersion,
  StepTarget,
  StreamingEngine,
  StreamingRule,
} from './spec/index.js';
