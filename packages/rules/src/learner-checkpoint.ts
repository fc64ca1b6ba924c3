/**
 * Checkpoints of an `OnlineLearner` taken at any step, mid-sequence included: parameters,
 * optimiser state, the engine's recurrent states, traces and gradient accumulators, and the
 * counters, as one safetensors file with the configuration in its JSON metadata. A learner
 * loaded from it continues bit-identically to one that was never interrupted.
 */
import {
  CheckpointError,
  parseSafetensors,
  serializeSafetensors,
  disposeTree,
  tf,
  treeFromSafetensors,
  treeToSafetensors,
  type SafetensorsTensor,
} from '@olrd/tensor';
import { paramShapes, validateModelConfig, type ModelConfig, type Params } from '@olrd/core';
import type { EngineKind } from './engine-factory.js';
import type { LearnerOptimizer } from './learner-optimizer.js';
import { OnlineLearner, type LearnerCounters } from './online-learner.js';
import { parseRuleName, type LearnerRuleName } from './names/index.js';
import type { SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import type { EngineArray } from './streaming-engine.js';

/** The `format` metadata value of learner checkpoints. */
export const LEARNER_CHECKPOINT_FORMAT = 'olrd.online-learner.v1';

/**
 * Serialises everything the learner needs to resume, as safetensors bytes. `extra` adds string
 * metadata (e.g. a stream runner's position and meters) stored in the same file, so the learner
 * and whatever drives it are saved in one atomic write.
 */
export function saveLearner(
  learner: OnlineLearner,
  extra: Readonly<Record<string, string>> = {},
): Uint8Array {
  const { engine, optimizerState, params } = learner.internals;
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [name, tensor] of Object.entries(params)) {
    tensors[`params.${name}`] = {
      dtype: 'F32',
      shape: tensor.shape,
      data: tensor.dataSync() as Float32Array,
    };
  }
  const optimizer = treeToSafetensors(optimizerState, 'optimizer');
  Object.assign(tensors, optimizer.tensors);
  const numbers = optimizer.numbers;
  const float64: string[] = [];
  for (const [name, array] of Object.entries(engine.exportState())) {
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
    rule: learner.rule,
    model_config: JSON.stringify(learner.config),
    batch_size: String(learner.batchSize),
    update_every: String(learner.updateEvery),
    engine: learner.engineKind,
    counters: JSON.stringify(learner.counters),
    optimizer_numbers: JSON.stringify(numbers),
    engine_float64: JSON.stringify(float64),
    synthetic: JSON.stringify(learner.synthetic),
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

/**
 * Restores a learner saved by {@link saveLearner}. `optimizer` must be built like the saved one
 * (its state tree is rebuilt from `optimizer.init` and filled from the file). `engine` overrides
 * the saved engine kind. Throws `CheckpointError` naming what does not fit; nothing leaks then.
 */
export function loadLearner(
  bytes: Uint8Array,
  optimizer: LearnerOptimizer,
  options: { engine?: EngineKind } = {},
): OnlineLearner {
  const file = parseSafetensors(bytes);
  const { metadata, tensors } = file;
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
    metadata['synthetic'] === undefined || metadata['synthetic'] === '{}'
      ? undefined
      : jsonField<SyntheticGradientOptions>(metadata, 'synthetic');
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
  let learner: OnlineLearner | undefined;
  let restored = false; // from restore() on, the learner owns `params`
  try {
    learner = OnlineLearner.create({
      rule: parseRuleName(field(metadata, 'rule')) as LearnerRuleName,
      config,
      params,
      optimizer,
      batchSize: Number(field(metadata, 'batch_size')),
      updateEvery: updateEveryText === 'sequence' ? 'sequence' : Number(updateEveryText),
      engine: options.engine ?? (field(metadata, 'engine') as EngineKind),
      ...(synthetic === undefined ? {} : { synthetic }),
    });
    const template = optimizer.init(params);
    let state: unknown;
    try {
      state = treeFromSafetensors(
        template,
        'optimizer',
        { tensors, numbers },
        '(was the optimiser built the same way?)',
      );
    } catch (error) {
      throw CheckpointError.isInstance(error)
        ? new CheckpointError(`learner checkpoint: optimiser ${error.message}`)
        : error;
    } finally {
      disposeTree(template);
    }
    learner.restore(params, state, counters);
    restored = true;
    const engineState: Record<string, EngineArray> = {};
    for (const [name, tensor] of Object.entries(tensors)) {
      if (!name.startsWith('engine.')) continue;
      const key = name.slice('engine.'.length);
      engineState[key] = float64.has(key)
        ? new Float64Array(Int32Array.from(tensor.data).buffer)
        : Float32Array.from(tensor.data);
    }
    learner.internals.engine.importState(engineState);
    return learner;
  } catch (error) {
    learner?.dispose();
    if (!restored) tf.dispose(Object.values(params));
    throw error;
  }
}
