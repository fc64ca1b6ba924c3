/** The CLI's view of a web run: the `TrainConfig` stored in checkpoints and fed to planTraining. */
import type { ModelConfig } from '@olrd/core';
import type { RuleName } from '@olrd/rules';
import { resolveTrainConfig, type TrainConfig } from '@olrd/train';
import type { RunSettings } from '../protocol.js';

/** The CLI's config for one rule of this run (stored in checkpoints as `train_config`). */
export function trainConfigFor(
  settings: RunSettings,
  task: Partial<TrainConfig>,
  rule: RuleName,
  model?: ModelConfig,
): TrainConfig {
  return resolveTrainConfig({
    ...task,
    seed: settings.seed,
    layerCls: model?.layerCls ?? settings.layerCls,
    rnnActivation: model?.rnnActivation ?? settings.rnnActivation,
    nLayers: model?.nLayers ?? settings.nLayers,
    dModel: model?.dModel ?? settings.dModel,
    dHidden: model?.dHidden ?? settings.dHidden,
    ...(model ? { activationFn: model.activation, prenorm: model.prenorm } : {}),
    trainingMode: rule,
    execution: rule === 'bptt' ? 'sequence' : settings.execution,
    truncation: settings.truncation,
    maxSensitivityMib: settings.maxSensitivityMib,
    bsz: settings.bsz,
    lrBase: settings.lrBase,
    // Online learning has no planned end: a constant rate instead of the cosine.
    cosineAnneal: false,
    pDropout: 0,
    backend: settings.backend,
  });
}

/** The options of tbptt and rtrl for `computeGradientsAsync`. */
export function ruleOptionsFor(settings: RunSettings): {
  truncation: number;
  maxSensitivityBytes: number;
} {
  return {
    truncation: settings.truncation,
    maxSensitivityBytes: settings.maxSensitivityMib * 2 ** 20,
  };
}
