/** Derives the model and dataset settings of a run from its {@link TrainConfig}. */
import type { ModelConfig } from '@olrd/core';
import { getDatasetEntry, type Dataset } from '@olrd/data';
import { isSyntheticGradientRule } from '@olrd/rules';
import type { TrainConfig } from '../config/train-config.js';

/**
 * The dataset options a config implies. The copy task has its own keys; every other task gets the
 * shared keys that its registry entry declares (`dataDir`, `maxTrainSamples`, `maxEvalSamples`,
 * `seed` ← `dataSeed`, `points` ← `toyPoints`, `permutation`, `level` ← `pathfinderLevel`,
 * `resolution` ← `pathfinderResolution`, `source` ← `listopsSource` for ListOps and
 * `pathfinderSource` for the others).
 * Keys left at their "off" value (`''`, 0) are not passed, so the task's defaults apply.
 */
export function datasetOptionsFor(config: TrainConfig): Record<string, unknown> {
  if (config.dataset === 'copy') {
    return {
      patternLength: config.copyPatternLength,
      trainSamples: config.copyTrainSamples,
      valSamples: config.copyValSamples,
      testSamples: config.copyTestSamples,
      seed: config.dataSeed,
    };
  }
  const candidates: Record<string, unknown> = {
    dataDir: config.dataDir || undefined,
    seqLength: config.seqLength || undefined,
    points: config.toyPoints || undefined,
    maxTrainSamples: config.maxTrainSamples || undefined,
    maxEvalSamples: config.maxEvalSamples || undefined,
    seed: config.dataSeed,
    permutation: config.permutation,
    level: config.pathfinderLevel,
    resolution: config.pathfinderResolution || undefined,
    source: config.dataset === 'listops' ? config.listopsSource : config.pathfinderSource,
  };
  const accepted = Object.keys(getDatasetEntry(config.dataset).options);
  return Object.fromEntries(
    Object.entries(candidates).filter(
      ([key, value]) => value !== undefined && accepted.includes(key),
    ),
  );
}

/**
 * The model configuration for `config` on `dataset` (input/output sizes from the dataset). A
 * regression task (bp-toy) gets an MSE readout: one raw output per target coordinate.
 */
export function modelConfigFor(
  config: TrainConfig,
  dataset: Pick<Dataset, 'inputDim' | 'nClasses' | 'multidim'> & {
    kind?: Dataset['kind'];
    train?: { encoding: string };
  },
): ModelConfig {
  const regression = dataset.kind === 'regression';
  return {
    dInput: dataset.inputDim,
    dModel: config.dModel,
    dHidden: config.dHidden,
    nLayers: config.nLayers,
    nClasses: regression ? 1 : dataset.nClasses,
    multidim: dataset.multidim,
    ...(regression ? { loss: 'mse' as const } : {}),
    // The synthetic-gradient rules train a synthesiser per layer, part of the model (checkpoints).
    ...(isSyntheticGradientRule(config.trainingMode) ? { synthesiser: true } : {}),
    layerCls: config.layerCls,
    rnnActivation: config.rnnActivation,
    ...(config.retrieval && dataset.train?.encoding === 'token-pairs' ? { retrieval: true } : {}),
    activation: config.activationFn,
    prenorm: config.prenorm,
    mode: config.mode,
    pDropout: config.pDropout,
    rMin: config.rMin,
    rMax: config.rMax,
    maxPhase: config.maxPhase,
  };
}
