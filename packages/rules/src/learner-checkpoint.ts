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
  tf,
  type SafetensorsTensor,
} from '@olrd/tensor';
import { paramShapes, validateModelConfig, type ModelConfig, type Params } from '@olrd/core';
import type { EngineKind } from './engine-factory.js';
import type { LearnerOptimizer } from './learner-optimizer.js';
import { OnlineLearner, type LearnerCounters } from './online-learner.js';
import { parseRuleName, type LearnerRuleName } from './rule-names.js';
import type { SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import type { EngineArray } from './streaming-engine.js';

/** The `format` metadata value of learner checkpoints. */
export const LEARNER_CHECKPOINT_FORMAT = 'olrd.online-learner.v1';

type Tree = unknown;

/** Visits the leaves of an optimiser-state tree (tensors and numbers) with their paths. */
function walk(
  tree: Tree,
  path: string,
  visit: (leaf: tf.Tensor | number, path: string) => void,
): void {
  if (tree instanceof tf.Tensor || typeof tree === 'number') visit(tree, path);
  else if (Array.isArray(tree)) tree.forEach((item, i) => walk(item, `${path}.${i}`, visit));
  else if (tree !== null && typeof tree === 'object')
    for (const [key, value] of Object.entries(tree)) walk(value, `${path}.${key}`, visit);
}

/** A tree shaped like `template` whose leaves come from `leaf(path, templateLeaf)`. */
function rebuild(
  tree: Tree,
  path: string,
  leaf: (path: string, template: tf.Tensor | number) => tf.Tensor | number,
): Tree {
  if (tree instanceof tf.Tensor || typeof tree === 'number') return leaf(path, tree);
  if (Array.isArray(tree)) return tree.map((item, i) => rebuild(item, `${path}.${i}`, leaf));
  if (tree !== null && typeof tree === 'object') {
    return Object.fromEntries(
      Object.entries(tree).map(([key, value]) => [key, rebuild(value, `${path}.${key}`, leaf)]),
    );
  }
  return tree;
}

/** Serialises everything the learner needs to resume, as safetensors bytes. */
export function saveLearner(learner: OnlineLearner): Uint8Array {
  const { engine, optimizerState, params } = learner.internals;
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [name, tensor] of Object.entries(params)) {
    tensors[`params.${name}`] = {
      dtype: 'F32',
      shape: tensor.shape,
      data: tensor.dataSync() as Float32Array,
    };
  }
  const numbers: Record<string, number> = {};
  walk(optimizerState, 'optimizer', (leaf, path) => {
    if (typeof leaf === 'number') numbers[path] = leaf;
    else
      tensors[path] = { dtype: 'F32', shape: leaf.shape, data: Float32Array.from(leaf.dataSync()) };
  });
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

/**
 * Restores a learner saved by {@link saveLearner}. `optimizer` must be built like the saved one
 * (its state tree is rebuilt from `optimizer.init` and filled from the file). `engine` overrides
 * the saved engine kind. Throws `CheckpointError` naming what does not fit.
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
  const config = validateModelConfig(JSON.parse(field(metadata, 'model_config')) as ModelConfig);
  const updateEveryText = field(metadata, 'update_every');
  // In the model's parameter order (the file lists names sorted).
  const params: Params = {};
  for (const [name, shape] of Object.entries(paramShapes(config))) {
    const saved = tensors[`params.${name}`];
    if (saved === undefined || saved.shape.join(',') !== shape.join(',')) {
      tf.dispose(Object.values(params));
      throw new CheckpointError(
        `learner checkpoint: parameter '${name}' is ${saved === undefined ? 'missing' : `[${saved.shape.join(', ')}], the model needs [${shape.join(', ')}]`}`,
      );
    }
    params[name] = tf.tensor(saved.data, shape);
  }
  const learner = OnlineLearner.create({
    rule: parseRuleName(field(metadata, 'rule')) as LearnerRuleName,
    config,
    params,
    optimizer,
    batchSize: Number(field(metadata, 'batch_size')),
    updateEvery: updateEveryText === 'sequence' ? 'sequence' : Number(updateEveryText),
    engine: options.engine ?? (field(metadata, 'engine') as EngineKind),
    // Checkpoints from before BP(λ) joined the learner have no entry.
    ...(metadata['synthetic'] === undefined || metadata['synthetic'] === '{}'
      ? {}
      : { synthetic: JSON.parse(metadata['synthetic']) as SyntheticGradientOptions }),
  });
  const numbers = JSON.parse(field(metadata, 'optimizer_numbers')) as Record<string, number>;
  const template = optimizer.init(params);
  const state = rebuild(template, 'optimizer', (path, leaf) => {
    if (typeof leaf === 'number') {
      const value = numbers[path];
      if (value === undefined)
        throw new CheckpointError(
          `learner checkpoint: optimiser counter '${path}' is missing (was the optimiser built the same way?)`,
        );
      return value;
    }
    const saved = tensors[path];
    if (saved === undefined || saved.data.length !== leaf.size) {
      throw new CheckpointError(
        `learner checkpoint: optimiser tensor '${path}' is ${saved === undefined ? 'missing' : 'of the wrong size'} (was the optimiser built the same way?)`,
      );
    }
    return tf.tensor(saved.data, leaf.shape);
  });
  walk(template, 'optimizer', (leaf) => leaf instanceof tf.Tensor && leaf.dispose());
  learner.restore(params, state, JSON.parse(field(metadata, 'counters')) as LearnerCounters);
  const float64 = new Set(JSON.parse(field(metadata, 'engine_float64')) as string[]);
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
}
