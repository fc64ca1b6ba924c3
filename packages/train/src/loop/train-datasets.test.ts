import { describe, expect, it } from 'vitest';
import { createMemoryDataStore, loadDataset } from '@olrd/data';
import { resolveTrainConfig } from '../config/validate-config.js';
import { disposeTree } from '../optim/tree.js';
import { datasetOptionsFor } from './model-config-for.js';
import type { EpochMetricsEvent } from './metrics-events.js';
import { train } from './train.js';

const tiny = { nLayers: 1, dModel: 8, dHidden: 4, bsz: 4, epochs: 1, logEvery: 0 } as const;

describe('datasets in the training loop', () => {
  it('maps config keys onto the options each task declares', () => {
    expect(
      datasetOptionsFor(
        resolveTrainConfig({
          dataset: 'psmnist',
          dataDir: '/d',
          permutation: 'random',
          dataSeed: 3,
        }),
      ),
    ).toEqual({
      dataDir: '/d',
      seed: 3,
      permutation: 'random',
    });
    expect(
      datasetOptionsFor(
        resolveTrainConfig({
          dataset: 'pathx',
          maxTrainSamples: 10,
          pathfinderLevel: 'curv_baseline',
        }),
      ),
    ).toEqual({
      maxTrainSamples: 10,
      level: 'curv_baseline',
    });
    expect(
      datasetOptionsFor(resolveTrainConfig({ dataset: 'listops', listopsSource: 'generator' })),
    ).toMatchObject({
      source: 'generator',
      seed: 0,
    });
  });

  it('trains on one-hot tokens (generated ListOps) without leaking tensors', async () => {
    const dataset = await loadDataset('listops', {
      store: createMemoryDataStore(),
      source: 'generator',
      trainSamples: 8,
      valSamples: 4,
      testSamples: 4,
      minLength: 5,
      maxLength: 20,
    });
    const result = await train(
      resolveTrainConfig({ ...tiny, dataset: 'listops', mode: 'pool_st' }),
      {},
      { dataset },
    );
    expect(result.steps).toBe(2);
    expect(result.modelConfig.dInput).toBe(dataset.inputDim);
    expect(Number.isFinite(result.best!.val.loss)).toBe(true);
    disposeTree(result.params);
  });

  it('draws copy-repeat batches from its curriculum and reports the level reached', async () => {
    const events: EpochMetricsEvent[] = [];
    const config = resolveTrainConfig({ ...tiny, dataset: 'copy-repeat', epochs: 2, bsz: 8 });
    const dataset = await loadDataset('copy-repeat', {
      trainSamples: 16,
      valSamples: 4,
      testSamples: 4,
      thresholdBits: 100,
    });
    const result = await train(
      config,
      { onMetrics: (event) => void (event.type === 'epoch' && events.push(event)) },
      { dataset },
    );
    // With a threshold every batch passes: 4 steps advance (1,1) → (2,1) → (2,2) → (3,2) → (3,3).
    expect(events.at(-1)!.curriculumLevel).toEqual({ patternLength: 3, repeats: 3, seqLength: 15 });
    expect(events.at(-1)!.val.sequences).toBe(4);
    disposeTree(result.params);
  });

  it('refuses a regression task with a clear message', async () => {
    await expect(train(resolveTrainConfig({ ...tiny, dataset: 'bp-toy' }))).rejects.toThrow(
      /dataset 'bp-toy' is a regression task .* 'olrd train' cannot train it yet/,
    );
  });
});
