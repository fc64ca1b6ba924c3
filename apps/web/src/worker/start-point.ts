/**
 * Where a run's learners start: fresh parameters from the seed, or a checkpoint's parameters and
 * (when it carries them and they fit this run's optimiser) its optimiser state. Both learners of a
 * run start from the same point.
 */
import { cloneTree, disposeTree, type TensorTree } from '@olrd/tensor';
import { initParams, type ModelConfig, type Params } from '@olrd/core';
import type { RuleName } from '@olrd/rules';
import { parseSafetensors, type GradientTransformation } from '@olrd/train';
import type { CheckpointInput, RunSettings } from '../protocol.js';
import { modelFromCheckpoint } from './checkpoint-model.js';
import type { Learner } from './learner.js';
import { loadOptimizerState } from './optimizer-state.js';
import { checkpointExtras } from './web-checkpoint.js';

/** Parameters (owned by the caller), their model, and optimiser-state bytes to resume. */
export interface StartPoint {
  params: Params;
  modelConfig: ModelConfig;
  optimizerState?: Uint8Array;
}

/**
 * The start of a run on a task whose model is `base`. A checkpoint's optimiser state that does
 * not fit `optimizer` is dropped with a warning: the parameters still make a valid start.
 *
 * @throws CheckpointError when the checkpoint's parameters do not fit the task.
 */
export function startPoint(
  checkpoint: CheckpointInput | undefined,
  base: ModelConfig,
  seed: number,
  optimizer: GradientTransformation,
  warn: (message: string) => void,
): StartPoint {
  if (!checkpoint) return { params: initParams(base, seed), modelConfig: base };
  const { params, modelConfig, optimizerState } = modelFromCheckpoint(
    checkpoint.name,
    checkpoint.bytes,
    base,
    base,
  );
  if (!optimizerState) return { params, modelConfig };
  try {
    disposeTree(loadOptimizerState(optimizerState, optimizer, params) as TensorTree);
    return { params, modelConfig, optimizerState };
  } catch (error) {
    warn(
      `${checkpoint.name}: its optimiser state does not fit this run (${(error as Error).message}); Adam starts from zero`,
    );
    return { params, modelConfig };
  }
}

/** The copy-repeat level stored in a checkpoint, if it parses and has one. */
export function curriculumLevelIn(bytes: Uint8Array): Record<string, number> | undefined {
  try {
    return checkpointExtras(parseSafetensors(bytes).metadata).curriculumLevel;
  } catch {
    return undefined; // a broken file is reported when its parameters are read
  }
}

/**
 * One learner per rule, each from its own copy of `params` (ownership of `params` passes here).
 * When one cannot be made, those made so far are freed.
 */
export function createLearners<R extends RuleName>(
  rules: readonly R[],
  params: Params,
  make: (rule: R, params: Params) => Learner,
): Learner[] {
  const copies = rules.map((_, i) => (i === 0 ? params : cloneTree(params)));
  const learners: Learner[] = [];
  try {
    for (const [i, rule] of rules.entries()) learners.push(make(rule, copies[i]!));
    return learners;
  } catch (error) {
    for (const learner of learners) learner.dispose();
    for (const copy of copies.slice(learners.length + 1)) disposeTree(copy);
    throw error;
  }
}

/** The settings as run: the cell and sizes of the model (a checkpoint's may differ). */
export function settingsOfModel(requested: RunSettings, model: ModelConfig): RunSettings {
  return {
    ...requested,
    layerCls: model.layerCls,
    rnnActivation: model.rnnActivation ?? requested.rnnActivation,
    nLayers: model.nLayers,
    dModel: model.dModel,
    dHidden: model.dHidden,
  };
}
