/**
 * Model checkpoints: safetensors files of float32 parameters under their spec-0 names, with the
 * model config (and optionally the training config) as JSON in `__metadata__`.
 */
import type { ModelConfig, Params } from '@olrd/core';
import { CheckpointError, parseSafetensors, serializeSafetensors, formatShape } from '@olrd/tensor';
import { safetensorsToTensors, tensorsToSafetensors } from './tensors-to-safetensors.js';

/** The dtypes a parameter may be stored as (all widen to float32). */
const FLOAT_DTYPES: readonly string[] = ['F32', 'F16', 'BF16', 'F64'];

/** `__metadata__` key holding the format tag. */
export const CHECKPOINT_FORMAT_KEY = 'format';
/** The format tag olrd writes. */
export const CHECKPOINT_FORMAT = 'olrd-checkpoint-v1';
/** `__metadata__` key holding the {@link ModelConfig} JSON. */
export const MODEL_CONFIG_KEY = 'model_config';
/** `__metadata__` key holding the training config JSON (optional). */
export const TRAIN_CONFIG_KEY = 'train_config';

/** A loaded checkpoint: parameters the caller owns (dispose them) and the metadata. */
export interface LoadedCheckpoint {
  readonly params: Params;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Serialises parameters with the model config (and extra string metadata).
 *
 * @param extra - e.g. `{ train_config: JSON.stringify(config), epoch: '3' }`
 */
export async function serializeCheckpoint(
  params: Params,
  modelConfig: ModelConfig,
  extra: Readonly<Record<string, string>> = {},
): Promise<Uint8Array> {
  return serializeSafetensors(await tensorsToSafetensors(params), {
    ...extra,
    [CHECKPOINT_FORMAT_KEY]: CHECKPOINT_FORMAT,
    [MODEL_CONFIG_KEY]: JSON.stringify(modelConfig),
  });
}

/**
 * Lists how `found` differs from `expected` (wrong shape, missing, unexpected), one line each.
 * Empty when they match.
 */
export function describeShapeMismatch(
  expected: Readonly<Record<string, readonly number[]>>,
  found: Readonly<Record<string, { readonly shape: readonly number[]; readonly dtype?: string }>>,
): string[] {
  const problems: string[] = [];
  for (const [name, shape] of Object.entries(expected)) {
    const tensor = found[name];
    if (!tensor) problems.push(`missing tensor '${name}' (expected shape ${formatShape(shape)})`);
    else if (formatShape(tensor.shape) !== formatShape(shape)) {
      problems.push(
        `tensor '${name}': expected shape ${formatShape(shape)}, found ${formatShape(tensor.shape)}`,
      );
    } else if (tensor.dtype !== undefined && !FLOAT_DTYPES.includes(tensor.dtype)) {
      // Parameters are float32 in the model; any float format of the file widens to it.
      problems.push(
        `tensor '${name}': expected a float dtype (${FLOAT_DTYPES.join(', ')}), found ${tensor.dtype}`,
      );
    }
  }
  for (const [name, tensor] of Object.entries(found)) {
    if (!(name in expected))
      problems.push(`unexpected tensor '${name}' (shape ${formatShape(tensor.shape)})`);
  }
  return problems;
}

/**
 * Parses a checkpoint and checks it against the model's expected names and shapes
 * (e.g. `paramShapes(config)` from `@olrd/core`).
 *
 * @throws CheckpointError for a malformed file, or listing every wrong, missing and unexpected
 *   tensor with its expected and found shape.
 */
export function loadCheckpoint(
  bytes: Uint8Array,
  expectedShapes: Readonly<Record<string, readonly number[]>>,
): LoadedCheckpoint {
  const file = parseSafetensors(bytes);
  const problems = describeShapeMismatch(expectedShapes, file.tensors);
  if (problems.length > 0) {
    throw new CheckpointError(`checkpoint does not match the model:\n  ${problems.join('\n  ')}`);
  }
  return { params: safetensorsToTensors(file.tensors), metadata: file.metadata };
}

/**
 * Reads the model config stored in checkpoint metadata, if any.
 *
 * @throws CheckpointError when the entry exists but is not a JSON object.
 */
export function modelConfigFromMetadata(
  metadata: Readonly<Record<string, string>>,
): Partial<ModelConfig> | undefined {
  const text = metadata[MODEL_CONFIG_KEY];
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckpointError(`checkpoint metadata '${MODEL_CONFIG_KEY}' is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckpointError(`checkpoint metadata '${MODEL_CONFIG_KEY}' must be a JSON object`);
  }
  return value as Partial<ModelConfig>;
}
