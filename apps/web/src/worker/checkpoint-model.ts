/**
 * Starting from a checkpoint: one the page saved (parameters plus optimiser state), one
 * `olrd train` wrote (parameters only: Adam starts from zero), or an `olrd stream` learner file
 * (parameters under `params.*` beside the learner's optimiser state). Its model config comes from
 * the `model_config` metadata (cell and sizes; any cell), else from the tensor names and shapes,
 * and must fit the task's inputs and outputs.
 */
import {
  LAYER_CLASSES,
  cellOf,
  inferModelConfig,
  paramShapes,
  type LayerClass,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import {
  CheckpointError,
  LEARNER_CHECKPOINT_FORMAT,
  describeShapeMismatch,
  modelConfigFromMetadata,
  parseSafetensors,
  safetensorsToTensors,
  type SafetensorsFile,
} from '@olrd/train';
import { checkpointExtras } from './web-checkpoint.js';

/** The task's side of the model: input width, classes per head, heads, pooling. */
export type TaskShape = Pick<ModelConfig, 'dInput' | 'nClasses' | 'multidim' | 'mode'>;

/** A parsed checkpoint; the caller owns `params`. */
export interface CheckpointModel {
  params: Params;
  modelConfig: ModelConfig;
  /** Optimiser-state bytes, when the file carries them. */
  optimizerState?: Uint8Array;
  /** The copy-repeat level the run had reached, when saved by the page on that task. */
  curriculumLevel?: Record<string, number>;
}

/** The parameters of `file` under their spec-0 names, and its optimiser state if any. */
function parametersOf(
  file: SafetensorsFile,
  bytes: Uint8Array,
): { tensors: SafetensorsFile['tensors']; optimizerState?: Uint8Array } {
  if (file.metadata['format'] !== LEARNER_CHECKPOINT_FORMAT) {
    const { optimizerState } = checkpointExtras(file.metadata);
    return { tensors: file.tensors, ...(optimizerState ? { optimizerState } : {}) };
  }
  // The learner file's own optimiser tensors and counters are optimiser-state bytes as they are.
  const tensors: Record<string, SafetensorsFile['tensors'][string]> = {};
  for (const [name, tensor] of Object.entries(file.tensors))
    if (name.startsWith('params.')) tensors[name.slice('params.'.length)] = tensor;
  return { tensors, optimizerState: bytes };
}

/** The cell whose first layer's parameters `shapes` holds (a CLI file without `model_config`). */
function cellOfShapes(shapes: Readonly<Record<string, unknown>>): LayerClass | undefined {
  return LAYER_CLASSES.find((cls) => `layers.0.rec.${cellOf(cls).unitsParam[0]}` in shapes);
}

/**
 * Parses `bytes` and returns its parameters (owned by the caller), model config and extras.
 *
 * @param base - architecture choices to use where the checkpoint stores none
 * @throws CheckpointError naming the file and what does not fit.
 */
export function modelFromCheckpoint(
  name: string,
  bytes: Uint8Array,
  task: TaskShape,
  base: ModelConfig,
): CheckpointModel {
  const fail = (message: string): never => {
    throw new CheckpointError(`${name}: ${message}`);
  };
  let file: SafetensorsFile;
  try {
    file = parseSafetensors(bytes);
  } catch (error) {
    return fail(`not a safetensors checkpoint (${(error as Error).message})`);
  }
  let found: ReturnType<typeof parametersOf>;
  let stored: Partial<ModelConfig>;
  let curriculumLevel: Record<string, number> | undefined;
  try {
    found = parametersOf(file, bytes);
    stored = modelConfigFromMetadata(file.metadata) ?? {};
    curriculumLevel = checkpointExtras(file.metadata).curriculumLevel;
  } catch (error) {
    return fail((error as Error).message);
  }
  const shapes = Object.fromEntries(
    Object.entries(found.tensors).map(([tensor, value]) => [tensor, value.shape]),
  );
  let modelConfig: ModelConfig;
  try {
    const layerCls = stored.layerCls ?? cellOfShapes(shapes) ?? base.layerCls;
    const rnnActivation = stored.rnnActivation ?? base.rnnActivation;
    modelConfig = inferModelConfig(shapes, {
      layerCls,
      ...(layerCls === 'RNN' && rnnActivation ? { rnnActivation } : {}),
      activation: stored.activation ?? base.activation,
      prenorm: stored.prenorm ?? base.prenorm,
      mode: stored.mode ?? task.mode,
      pDropout: 0,
      rMin: stored.rMin ?? base.rMin,
      rMax: stored.rMax ?? base.rMax,
      maxPhase: stored.maxPhase ?? base.maxPhase,
      multidim: stored.multidim ?? task.multidim,
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  if (modelConfig.dInput !== task.dInput)
    fail(`its encoder takes ${modelConfig.dInput} inputs per step; this task has ${task.dInput}`);
  if (modelConfig.nClasses !== task.nClasses || modelConfig.multidim !== task.multidim) {
    fail(
      `it predicts ${modelConfig.multidim} × ${modelConfig.nClasses} classes per step; ` +
        `this task needs ${task.multidim} × ${task.nClasses}`,
    );
  }
  if (modelConfig.mode !== task.mode)
    fail(`it pools with mode '${modelConfig.mode}'; this task needs '${task.mode}'`);
  const expected = paramShapes(modelConfig);
  const problems = describeShapeMismatch(expected, found.tensors);
  if (problems.length > 0) fail(`checkpoint does not match the model:\n  ${problems.join('\n  ')}`);
  // In the model's parameter order (files list names sorted).
  const ordered = Object.fromEntries(Object.keys(expected).map((n) => [n, found.tensors[n]!]));
  return {
    params: safetensorsToTensors(ordered),
    modelConfig,
    ...(found.optimizerState ? { optimizerState: found.optimizerState } : {}),
    ...(curriculumLevel ? { curriculumLevel } : {}),
  };
}
