/**
 * Checkpoints of an `OnlineLearner` taken at any step, mid-sequence included: its
 * {@link LearnerState} (parameters, optimiser state, the engine's recurrent states, traces and
 * gradient accumulators, the counters) as one safetensors file with the settings in its JSON
 * metadata. Written on `state()` / `fromState()` alone, so a learner loaded from it continues
 * bit-identically to one that was never interrupted. The layout is `olrd.online-learner.v1`, the
 * one `@olrd/rules` wrote before the learner moved here: older files load unchanged (fixture test).
 */
import {
  CheckpointError,
  disposeTree,
  parseSafetensors,
  serializeSafetensors,
  tf,
  treeToSafetensors,
  type SafetensorsTensor,
} from '@olrd/tensor';
import { paramShapes, validateModelConfig, type ModelConfig, type Params } from '@olrd/core';
import {
  parseRuleName,
  type EngineArray,
  type EngineKind,
  type LearnerRuleName,
  type SyntheticGradientOptions,
} from '@olrd/rules';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import { optimizerStateFromSafetensors } from '../checkpoint/optimizer-state.js';
import { OnlineLearner } from './online-learner.js';
import type { LearnerCounters, LearnerState } from './learner-state.js';

/** The `format` metadata value of learner checkpoints. */
export const LEARNER_CHECKPOINT_FORMAT = 'olrd.online-learner.v1';

/**
 * Serialises everything the learner needs to resume, as safetensors bytes. `extra` adds string
 * metadata (e.g. a stream runner's position and meters; read it back with
 * `parseSafetensors(bytes).metadata`) stored in the same file, so the learner and whatever drives
 * it are saved in one atomic write.
 */
export function saveLearner(
  learner: OnlineLearner,
  extra: Readonly<Record<string, string>> = {},
): Uint8Array {
  const state = learner.state();
  try {
    return serializeLearnerState(state, extra);
  } finally {
    disposeTree(state);
  }
}

/**
 * Restores a learner saved by {@link saveLearner}. `optimizer` must be built like the saved one
 * (its state tree is rebuilt from `optimizer.init` and filled from the file). `engine` overrides
 * the saved engine kind. Throws `CheckpointError` naming what does not fit; nothing leaks then.
 */
export function loadLearner(
  bytes: Uint8Array,
  optimizer: GradientTransformation,
  options: { engine?: EngineKind } = {},
): OnlineLearner {
  const state = parseLearnerState(bytes, optimizer);
  try {
    return OnlineLearner.fromState(state, optimizer, options);
  } finally {
    disposeTree(state);
  }
}

function serializeLearnerState(
  state: LearnerState,
  extra: Readonly<Record<string, string>>,
): Uint8Array {
  const params = treeToSafetensors(state.params, 'params');
  const optimizer = treeToSafetensors(state.optimizer, 'optimizer');
  const tensors: Record<string, SafetensorsTensor> = { ...params.tensors, ...optimizer.tensors };
  const float64: string[] = [];
  for (const [name, array] of Object.entries(state.engineState)) {
    if (array instanceof Float64Array) {
      // Float64 accumulators are stored bit-exactly as pairs of int32 words.
      float64.push(name);
      tensors[`engine.${name}`] = {
        dtype: 'I32',
        shape: [array.length * 2],
        data: new Int32Array(
          array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength),
        ),
      };
    } else {
      tensors[`engine.${name}`] = { dtype: 'F32', shape: [array.length], data: array };
    }
  }
  return serializeSafetensors(tensors, {
    ...extra,
    format: LEARNER_CHECKPOINT_FORMAT,
    rule: state.rule,
    model_config: JSON.stringify(state.config),
    batch_size: String(state.batchSize),
    update_every: String(state.updateEvery),
    engine: state.engine,
    counters: JSON.stringify(state.counters),
    optimizer_numbers: JSON.stringify(optimizer.numbers),
    engine_float64: JSON.stringify(float64),
    synthetic: JSON.stringify(state.synthetic),
  });
}

function field(metadata: Readonly<Record<string, string>>, key: string): string {
  const value = metadata[key];
  if (value === undefined)
    throw new CheckpointError(`learner checkpoint: metadata '${key}' is missing`);
  return value;
}

/** A metadata entry parsed as JSON; a malformed entry is a `CheckpointError` naming it. */
function jsonField<T>(metadata: Readonly<Record<string, string>>, key: string): T {
  const text = field(metadata, key);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CheckpointError(`learner checkpoint: metadata '${key}' is not valid JSON`);
  }
}

/** The model's parameters from `params.*` entries, checked against its shapes (owned by the caller). */
function parseParams(
  tensors: Readonly<Record<string, SafetensorsTensor>>,
  config: ModelConfig,
): Params {
  // In the model's parameter order (the file lists names sorted).
  const params: Params = {};
  for (const [name, shape] of Object.entries(paramShapes(config))) {
    const saved = tensors[`params.${name}`];
    const problem =
      saved === undefined
        ? 'missing'
        : saved.shape.join(',') !== shape.join(',')
          ? `[${saved.shape.join(', ')}], the model needs [${shape.join(', ')}]`
          : saved.dtype !== 'F32'
            ? `stored as ${saved.dtype}, parameters are F32`
            : undefined;
    if (problem !== undefined) {
      tf.dispose(Object.values(params));
      throw new CheckpointError(`learner checkpoint: parameter '${name}' is ${problem}`);
    }
    params[name] = tf.tensor(saved!.data, shape);
  }
  return params;
}

/** The learner state in `bytes` (tensors owned by the caller). */
function parseLearnerState(bytes: Uint8Array, optimizer: GradientTransformation): LearnerState {
  const { metadata, tensors } = parseSafetensors(bytes);
  if (metadata['format'] !== LEARNER_CHECKPOINT_FORMAT) {
    throw new CheckpointError(
      `not an online-learner checkpoint (format '${metadata['format'] ?? 'none'}', expected '${LEARNER_CHECKPOINT_FORMAT}')`,
    );
  }
  const config = validateModelConfig(jsonField<ModelConfig>(metadata, 'model_config'));
  const updateEveryText = field(metadata, 'update_every');
  const counters = jsonField<LearnerCounters>(metadata, 'counters');
  const numbers = jsonField<Record<string, number>>(metadata, 'optimizer_numbers');
  const float64 = new Set(jsonField<string[]>(metadata, 'engine_float64'));
  // Checkpoints from before BP(λ) joined the learner have no entry.
  const synthetic =
    metadata['synthetic'] === undefined
      ? {}
      : jsonField<SyntheticGradientOptions>(metadata, 'synthetic');
  const rule = parseRuleName(field(metadata, 'rule')) as LearnerRuleName;
  const batchSize = Number(field(metadata, 'batch_size'));
  const engine = field(metadata, 'engine') as EngineKind;
  const engineState: Record<string, EngineArray> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    if (!name.startsWith('engine.')) continue;
    const key = name.slice('engine.'.length);
    engineState[key] = float64.has(key)
      ? new Float64Array(Int32Array.from(tensor.data).buffer)
      : Float32Array.from(tensor.data);
  }
  const params = parseParams(tensors, config);
  try {
    return {
      rule,
      config,
      batchSize,
      updateEvery: updateEveryText === 'sequence' ? 'sequence' : Number(updateEveryText),
      engine,
      synthetic,
      params,
      optimizer: optimizerStateFromSafetensors(
        optimizer,
        params,
        { tensors, numbers },
        'learner checkpoint',
      ),
      engineState,
      counters,
    };
  } catch (error) {
    tf.dispose(Object.values(params));
    throw error;
  }
}
