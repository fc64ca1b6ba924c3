/** Derives the model and dataset settings of a run from its {@link TrainConfig}. */
import type { ModelConfig } from '@olrd/core';
import type { Dataset } from '@olrd/data';
import type { TrainConfig } from '../config/train-config.js';

/**
 * The dataset options a config implies. Only the copy task has config keys today; other
 * datasets use their own defaults until they get keys.
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
  return {};
}

/** The model configuration for `config` on `dataset` (input/output sizes from the dataset). */
export function modelConfigFor(
  config: TrainConfig,
  dataset: Pick<Dataset, 'inputDim' | 'nClasses' | 'multidim'>,
): ModelConfig {
  return {
    dInput: dataset.inputDim,
    dModel: config.dModel,
    dHidden: config.dHidden,
    nLayers: config.nLayers,
    nClasses: dataset.nClasses,
    multidim: dataset.multidim,
    layerCls: config.layerCls,
    activation: config.activationFn,
    prenorm: config.prenorm,
    mode: config.mode,
    pDropout: config.pDropout,
    rMin: config.rMin,
    rMax: config.rMax,
    maxPhase: config.maxPhase,
  };
}
