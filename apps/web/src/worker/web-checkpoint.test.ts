/**
 * Checkpoints the page downloads resume exactly: save → load → one more step equals the run that
 * was never interrupted (parameters bit for bit), for a streaming learner (OnlineLearner) and for
 * sequence-execution learners, because the optimiser state (Adam's moments and count) travels with
 * the parameters. The file stays loadable by the CLI's strict loader; a plain CLI checkpoint (no
 * optimiser state) still starts a learner, with Adam from zero; an `olrd stream` learner file
 * loads too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeTree, initBackend } from '@olrd/tensor';
import {
  defaultArchitecture,
  initParams,
  paramShapes,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import { createCopyDataset, iterateBatches, type ArrayBatch } from '@olrd/data';
import type { Execution, RuleName } from '@olrd/rules';
import {
  OnlineLearner,
  createOptimizer,
  loadCheckpoint,
  saveLearner,
  serializeCheckpoint,
} from '@olrd/train';
import { modelFromCheckpoint } from './checkpoint-model.js';
import { createLearner, type Learner } from './learner.js';
import { serializeWebCheckpoint } from './web-checkpoint.js';

const dataset = createCopyDataset({
  patternLength: 3,
  trainSamples: 8,
  valSamples: 1,
  testSamples: 1,
});
const batches: ArrayBatch[] = [
  ...iterateBatches(dataset.train, { batchSize: 4, shuffle: true, seed: 1 }),
];
batches.push(...iterateBatches(dataset.train, { batchSize: 4, shuffle: true, seed: 2 }));
const config: ModelConfig = {
  ...defaultArchitecture,
  dInput: dataset.inputDim,
  nClasses: dataset.nClasses,
  multidim: dataset.multidim,
  dModel: 8,
  dHidden: 4,
  nLayers: 2,
  pDropout: 0,
};
// The CLI's optimiser shape: Adam per parameter group, counters as numbers in the state.
const optimizer = () =>
  createOptimizer({
    optConfig: 'standard',
    learningRate: () => 0.01,
    recLearningRate: () => 0.005,
    weightDecay: 0,
  });

function learner(
  rule: RuleName,
  execution: Execution,
  params: Params,
  state?: Uint8Array,
): Learner {
  return createLearner({
    rule,
    execution,
    config,
    optimizer: optimizer(),
    params,
    batchSize: 4,
    synchronousReads: true,
    ...(state ? { optimizerState: state } : {}),
  });
}

async function values(params: Params): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [name, tensor] of Object.entries(params)) out[name] = Array.from(await tensor.data());
  disposeTree(params);
  return out;
}

async function checkpointOf(from: Learner): Promise<Uint8Array> {
  const params = from.snapshot();
  try {
    return await serializeWebCheckpoint(params, config, {
      optimizerState: await from.optimizerState(),
      metadata: { step: '3', source: 'test' },
    });
  } finally {
    disposeTree(params);
  }
}

describe('checkpoints of the page', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  describe.each([
    ['online_full', 'streaming'],
    ['bptt', 'sequence'],
    ['online_spatial', 'sequence'],
  ] as const)('%s in %s execution', (rule, execution) => {
    it('save → load → one more step equals the uninterrupted run', async () => {
      const uninterrupted = learner(rule, execution, initParams(config, 7));
      for (const batch of batches.slice(0, 3)) await uninterrupted.learnBatch(batch, false);
      const bytes = await checkpointOf(uninterrupted);

      // The CLI's strict loader (olrd grad, olrd train) reads it: parameters only, no extra tensor.
      const cli = loadCheckpoint(bytes, paramShapes(config));
      expect(Object.keys(cli.params).sort()).toEqual(Object.keys(paramShapes(config)).sort());
      const plainBytes = await serializeCheckpoint(cli.params, config);
      disposeTree(cli.params);

      const loaded = modelFromCheckpoint('w.safetensors', bytes, config, config);
      expect(loaded.optimizerState).toBeDefined();
      const resumed = learner(rule, execution, loaded.params, loaded.optimizerState);
      await uninterrupted.learnBatch(batches[3]!, false);
      await resumed.learnBatch(batches[3]!, false);
      expect(await values(resumed.snapshot())).toEqual(await values(uninterrupted.snapshot()));

      // Without the optimiser state (a plain CLI checkpoint) Adam restarts: the step differs.
      const plain = modelFromCheckpoint('cli.safetensors', plainBytes, config, config);
      expect(plain.optimizerState).toBeUndefined();
      const restarted = learner(rule, execution, plain.params);
      await restarted.learnBatch(batches[3]!, false);
      expect(await values(restarted.snapshot())).not.toEqual(await values(resumed.snapshot()));
      for (const l of [uninterrupted, resumed, restarted]) l.dispose();
    });
  });

  it('reads an olrd stream learner file: its parameters and its optimiser state', async () => {
    const online = OnlineLearner.create({
      rule: 'online_full',
      config,
      params: initParams(config, 5),
      optimizer: optimizer(),
      batchSize: 2,
      updateEvery: 1,
    });
    online.learnOne(new Float32Array(2 * config.dInput).fill(1), new Int32Array(2 * 7));
    const loaded = modelFromCheckpoint('learner.safetensors', saveLearner(online), config, config);
    expect(await values(loaded.params)).toEqual(await values(online.params()));
    const resumed = learner('bptt', 'sequence', initParams(config, 5), loaded.optimizerState);
    expect((await resumed.optimizerState()).length).toBeGreaterThan(0);
    resumed.dispose();
    online.dispose();
  });

  it('rejects a file that is not a checkpoint, naming it', () => {
    expect(() =>
      modelFromCheckpoint('bad.safetensors', new TextEncoder().encode('nope'), config, config),
    ).toThrow(/bad\.safetensors: not a safetensors checkpoint/);
  });
});
