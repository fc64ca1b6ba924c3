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
      source: 'files',
      seed: 0,
    });
    expect(
      datasetOptionsFor(
        resolveTrainConfig({
          dataset: 'pathfinder',
          pathfinderSource: 'generator',
          pathfinderResolution: 64,
          listopsSource: 'generator',
        }),
      ),
    ).toMatchObject({ source: 'generator', resolution: 64, level: 'curv_contour_length_14' });
    expect(
      datasetOptionsFor(resolveTrainConfig({ dataset: 'listops', pathfinderSource: 'generator' })),
    ).toMatchObject({ source: 'files' });
    expect(
      datasetOptionsFor(resolveTrainConfig({ dataset: 'listops', listopsSource: 'generator' })),
    ).toMatchObject({
      source: 'generator',
      seed: 0,
    });
    // seqLength reaches the tasks that take it, and only when set.
    expect(datasetOptionsFor(resolveTrainConfig({ dataset: 'bp-toy', seqLength: 30 }))).toEqual({
      seqLength: 30,
      seed: 0,
    });
    expect(datasetOptionsFor(resolveTrainConfig({ dataset: 'bp-toy' }))).toEqual({ seed: 0 });
    expect(datasetOptionsFor(resolveTrainConfig({ dataset: 'bp-toy', toyPoints: 4 }))).toEqual({
      seed: 0,
      points: 4,
    });
    // Other tasks do not take the option.
    expect(
      datasetOptionsFor(resolveTrainConfig({ dataset: 'rfmnist', toyPoints: 4 })),
    ).not.toHaveProperty('points');
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

  it('trains the regression task (bp-toy) with an mse readout: the loss falls below the mean predictor', async () => {
    const events: EpochMetricsEvent[] = [];
    const dataset = await loadDataset('bp-toy', {
      seqLength: 8,
      points: 4,
      trainSamples: 64,
      valSamples: 32,
      testSamples: 32,
    });
    const result = await train(
      resolveTrainConfig({
        ...tiny,
        dModel: 32,
        dHidden: 32,
        rMin: 0.5,
        dataset: 'bp-toy',
        epochs: 8,
        bsz: 8,
        lrBase: 0.01,
      }),
      { onMetrics: (event) => void (event.type === 'epoch' && events.push(event)) },
      { dataset },
    );
    expect(result.modelConfig).toMatchObject({ loss: 'mse', nClasses: 1, multidim: 2 });
    // The four targets lie on the unit circle around 0: predicting their mean (0) scores
    // mean over the two coordinates of x² = 0.5 on average, so learning the pattern → point map
    // is what brings the loss well under it.
    const val = events.map((e) => e.val.loss);
    expect(val[0]).toBeGreaterThan(0);
    expect(result.best!.val.loss).toBeLessThan(0.1);
    expect(result.best!.val.loss).toBeLessThan(val[0]! / 3);
    expect(Number.isNaN(result.best!.val.accuracy)).toBe(true);
    disposeTree(result.params);
  });

  it('trains with bp_lambda: the model carries a synthesiser per layer and it learns', async () => {
    const dataset = await loadDataset('bp-toy', {
      seqLength: 6,
      points: 4,
      trainSamples: 32,
      valSamples: 8,
      testSamples: 8,
    });
    const result = await train(
      resolveTrainConfig({
        ...tiny,
        layerCls: 'RNN',
        dModel: 6,
        dHidden: 6,
        nLayers: 2,
        dataset: 'bp-toy',
        epochs: 2,
        bsz: 8,
        trainingMode: 'bp_lambda',
        gamma: 0.9,
        lambda: 0.5,
        synthLr: 0.01,
      }),
      {},
      { dataset },
    );
    expect(result.modelConfig).toMatchObject({ synthesiser: true, loss: 'mse' });
    for (const layer of [0, 1]) {
      const kernel = result.params[`layers.${layer}.synth.kernel`]!;
      expect(kernel.shape).toEqual([6, 6]);
      // Zero-initialised; 8 updates at lr 0.01 move it.
      expect(Math.max(...Array.from(kernel.dataSync()).map(Math.abs))).toBeGreaterThan(1e-3);
    }
    expect(Number.isFinite(result.best!.val.loss)).toBe(true);
    disposeTree(result.params);
  });
});
