/**
 * Inputs of `olrd grad`: the model config (sizes inferred from the params' shapes; architecture
 * from the params' metadata, then the defaults, overridden by flags) and the batch tensors,
 * each checked with a message naming the tensor and its expected vs found shape.
 */
import {
  findInvalidLabel,
  inferModelConfig,
  lossKindOf,
  paramShapes,
  unflattenIndex,
  type LossKind,
  type ModelConfig,
} from '@olrd/core';
import {
  CheckpointError,
  DEFAULT_TRAIN_CONFIG,
  describeShapeMismatch,
  modelConfigFromMetadata,
  type SafetensorsFile,
  type TrainConfig,
} from '@olrd/train';
import { UsageError } from '../cli-errors.js';

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * The model config for the params file.
 *
 * @param flags - config flags given on the command line (architecture keys are used)
 * @param labelShape - the batch's y shape; a rank-3 y gives multidim
 * @throws CheckpointError when the params do not form a model of that architecture.
 */
export function gradModelConfig(
  params: SafetensorsFile,
  path: string,
  flags: Partial<TrainConfig>,
  labelShape: readonly number[],
): ModelConfig {
  const stored = modelConfigFromMetadata(params.metadata) ?? {};
  const defaults = DEFAULT_TRAIN_CONFIG;
  const pick = <K extends keyof ModelConfig>(
    key: K,
    flag: ModelConfig[K] | undefined,
    fallback: ModelConfig[K],
  ) => flag ?? (stored[key] as ModelConfig[K] | undefined) ?? fallback;
  const shapes = Object.fromEntries(
    Object.entries(params.tensors).map(([name, tensor]) => [name, tensor.shape]),
  );
  // A regression checkpoint (bp-toy) says so in its metadata; its targets' last axis is multidim.
  const mse = stored.loss === 'mse';
  let config: ModelConfig;
  try {
    config = inferModelConfig(shapes, {
      layerCls: pick('layerCls', flags.layerCls, defaults.layerCls),
      rnnActivation: pick('rnnActivation', flags.rnnActivation, defaults.rnnActivation),
      activation: pick('activation', flags.activationFn, defaults.activationFn),
      prenorm: pick('prenorm', flags.prenorm, defaults.prenorm),
      mode: pick('mode', flags.mode, defaults.mode),
      pDropout: 0,
      rMin: pick('rMin', flags.rMin, defaults.rMin),
      rMax: pick('rMax', flags.rMax, defaults.rMax),
      maxPhase: pick('maxPhase', flags.maxPhase, defaults.maxPhase),
      multidim: mse
        ? labelShape[labelShape.length - 1]!
        : labelShape.length === 3
          ? labelShape[2]!
          : (stored.multidim ?? 1),
      ...(mse ? { loss: 'mse' as const } : {}),
    });
  } catch (error) {
    throw new CheckpointError(`${path}: ${(error as Error).message}`);
  }
  const problems = describeShapeMismatch(paramShapes(config), params.tensors);
  if (problems.length > 0) {
    throw new CheckpointError(
      `${path} does not match a ${config.nLayers}-layer ${config.layerCls} model with activation ` +
        `${config.activation} (d_model ${config.dModel}, d_hidden ${config.dHidden}):\n  ${problems.join('\n  ')}`,
    );
  }
  return config;
}

/**
 * Checks the batch file: x [B,T,dInput] F32, y I32 [B] | [B,T] | [B,T,multidim] (F32
 * [B,multidim] | [B,T,multidim] regression targets for a model with `loss` 'mse'), mask [B,T] F32.
 *
 * @throws CheckpointError naming the tensor, with expected vs found shape or dtype; UsageError
 *   for an empty batch.
 */
export function checkBatch(
  batch: SafetensorsFile,
  path: string,
  dInput?: number,
  loss?: LossKind,
): void {
  const { x, y, mask } = batch.tensors;
  const fail = (message: string): never => {
    throw new CheckpointError(`${path}: ${message}`);
  };
  const names = Object.keys(batch.tensors).sort();
  const unexpected = names.filter((name) => !['mask', 'x', 'y'].includes(name));
  if (!x || !y || !mask) {
    const shown =
      names
        .slice(0, 5)
        .map((n) => `'${n}'`)
        .join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');
    fail(`a batch needs tensors x, y and mask; found ${shown || 'none'}`);
  }
  if (unexpected.length > 0)
    fail(`unexpected tensor '${unexpected[0]}' (a batch holds x, y and mask)`);
  if (x!.dtype !== 'F32' || x!.shape.length !== 3)
    fail(`tensor 'x': expected F32 [B, T, d_input], found ${x!.dtype} ${shapeText(x!.shape)}`);
  const [B, T, d] = x!.shape as [number, number, number];
  // An empty batch has no loss to differentiate (the backend would fail in its kernels instead).
  if (B === 0 || T === 0) {
    throw new UsageError(
      `--batch ${path}: the batch is empty (x has shape ${shapeText(x!.shape)}); it needs at least one sequence (B ≥ 1) of at least one step (T ≥ 1)`,
    );
  }
  if (dInput !== undefined && d !== dInput) {
    fail(
      `tensor 'x': expected shape [${B}, ${T}, ${dInput}] (encoder.kernel has d_input ${dInput}), found ${shapeText(x!.shape)}`,
    );
  }
  if (loss === 'mse') {
    const ok =
      y!.dtype === 'F32' &&
      y!.shape[0] === B &&
      (y!.shape.length === 2 || (y!.shape.length === 3 && y!.shape[1] === T));
    if (!ok)
      fail(
        `tensor 'y': the model has an mse readout, so y holds F32 regression targets [${B}, multidim] or ` +
          `[${B}, ${T}, multidim]; found ${y!.dtype} ${shapeText(y!.shape)}`,
      );
  } else if (y!.dtype !== 'I32')
    fail(`tensor 'y': expected dtype I32 (integer labels), found ${y!.dtype}`);
  const yOk =
    loss === 'mse' ||
    (y!.shape.length >= 1 &&
      y!.shape.length <= 3 &&
      y!.shape[0] === B &&
      (y!.shape.length < 2 || y!.shape[1] === T));
  if (!yOk)
    fail(
      `tensor 'y': expected shape [${B}], [${B}, ${T}] or [${B}, ${T}, multidim], found ${shapeText(y!.shape)}`,
    );
  if (mask!.dtype !== 'F32' || shapeText(mask!.shape) !== shapeText([B, T])) {
    fail(
      `tensor 'mask': expected F32 [${B}, ${T}], found ${mask!.dtype} ${shapeText(mask!.shape)}`,
    );
  }
}

/**
 * Checks the batch's values against the model: class labels must be classes of its readout
 * (tfjs one-hot encodes any other label as zeros, so the loss would silently skip it: loss
 * 0.0000 for a batch of wrong labels), regression targets must be finite. Run after
 * {@link checkBatch} (shapes) and once the model config is known.
 *
 * @throws UsageError naming the file, the first bad value with its position and what is allowed.
 */
export function checkBatchValues(
  batch: SafetensorsFile,
  path: string,
  model: Pick<ModelConfig, 'nClasses' | 'loss'>,
): void {
  const y = batch.tensors.y!;
  const at = (index: number) => `y[${unflattenIndex(index, y.shape).join(', ')}]`;
  if (lossKindOf(model) === 'mse') {
    const index = y.data.findIndex((value) => !Number.isFinite(value));
    if (index >= 0)
      throw new UsageError(
        `--batch ${path}: tensor 'y' holds ${y.data[index]} at ${at(index)}; regression targets must be finite numbers`,
      );
    return;
  }
  const bad = findInvalidLabel(y.data, model.nClasses);
  if (bad !== undefined) {
    throw new UsageError(
      `--batch ${path}: tensor 'y' holds label ${bad.label} at ${at(bad.index)}, but the model ` +
        `has ${model.nClasses} classes, so labels must be integers in [0, ${model.nClasses - 1}]; ` +
        `fix the labels, or pass --params of a model with more classes`,
    );
  }
}

/** Throws a usage error naming the missing required flag (and the command, default `olrd grad`). */
export function requireFlag(
  value: string | boolean | undefined,
  flag: string,
  what: string,
  command = 'olrd grad',
): string {
  if (typeof value !== 'string' || value === '')
    throw new UsageError(`${command} needs --${flag} ${what}`);
  return value;
}
