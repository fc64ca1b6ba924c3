/**
 * Starting from a checkpoint (e.g. one `olrd train` wrote): its model config comes from the
 * `model_config` metadata, else from the tensor shapes, and must fit the task's inputs and outputs.
 */
import { inferModelConfig, paramShapes, type ModelConfig, type Params } from '@olrd/core';
import {
  CheckpointError,
  loadCheckpoint,
  modelConfigFromMetadata,
  parseSafetensors,
} from '@olrd/train';

/** The task's side of the model: input width, classes per head, heads, pooling. */
export type TaskShape = Pick<ModelConfig, 'dInput' | 'nClasses' | 'multidim' | 'mode'>;

/**
 * Parses `bytes` and returns its parameters (owned by the caller) and model config.
 *
 * @param base - architecture choices to use where the checkpoint stores none
 * @throws CheckpointError naming the file and what does not fit.
 */
export function modelFromCheckpoint(
  name: string,
  bytes: Uint8Array,
  task: TaskShape,
  base: ModelConfig,
): { params: Params; modelConfig: ModelConfig } {
  const fail = (message: string): never => {
    throw new CheckpointError(`${name}: ${message}`);
  };
  let file: ReturnType<typeof parseSafetensors>;
  try {
    file = parseSafetensors(bytes);
  } catch (error) {
    return fail(`not a safetensors checkpoint (${(error as Error).message})`);
  }
  const stored = modelConfigFromMetadata(file.metadata) ?? {};
  const shapes = Object.fromEntries(
    Object.entries(file.tensors).map(([tensor, value]) => [tensor, value.shape]),
  );
  let modelConfig: ModelConfig;
  try {
    modelConfig = inferModelConfig(shapes, {
      layerCls: stored.layerCls ?? base.layerCls,
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
  try {
    const { params } = loadCheckpoint(bytes, paramShapes(modelConfig));
    return { params, modelConfig };
  } catch (error) {
    return fail((error as Error).message);
  }
}
