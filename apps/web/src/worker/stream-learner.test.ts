/**
 * The page's streaming learner (OnlineLearner fed step by step) applies, per batch, exactly the
 * gradient of the sequence loss that `computeGradients` gives, and reports the same loss and
 * accuracy counts as `maskedLoss`/`countCorrect`: on the copy task (7 heads, loss on the recall
 * steps) and on ListOps (one head, `pool_st`, sequences of different lengths).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeTree, initBackend, tf } from '@olrd/tensor';
import {
  countCorrect,
  defaultArchitecture,
  initParams,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import {
  createCopyDataset,
  createMemoryDataStore,
  iterateBatches,
  loadDataset,
  type ArrayBatch,
  type Dataset,
} from '@olrd/data';
import { computeGradients } from '@olrd/rules';
import { adam, batchToTensors, disposeBatch } from '@olrd/train';
import { spyOptimizer } from '@olrd/train/testing';
import { createLearner } from './learner.js';
import { StreamLearner } from './stream-learner.js';

function modelFor(dataset: Dataset, mode: ModelConfig['mode']): ModelConfig {
  return {
    ...defaultArchitecture,
    dInput: dataset.inputDim,
    nClasses: dataset.nClasses,
    multidim: dataset.multidim,
    dModel: 8,
    dHidden: 4,
    nLayers: 2,
    mode,
    pDropout: 0,
  };
}

/** Largest |a − b| relative to max |b| over every parameter. */
function relativeError(a: Params, b: Params): number {
  let worst = 0;
  for (const [name, tensor] of Object.entries(b)) {
    const x = a[name]!.dataSync();
    const y = tensor.dataSync();
    const scale = Math.max(1e-6, ...Array.from(y, Math.abs));
    for (let i = 0; i < y.length; i++)
      worst = Math.max(worst, Math.abs((x[i] as number) - (y[i] as number)) / scale);
  }
  return worst;
}

async function compare(dataset: Dataset, mode: ModelConfig['mode'], batchSize: number) {
  const config = modelFor(dataset, mode);
  const batch: ArrayBatch = iterateBatches(dataset.train, { batchSize }).next().value!;
  const spy = spyOptimizer();
  const params = initParams(config, 3);
  const tensors = batchToTensors(batch);
  const reference = computeGradients('online_full', params, config, tensors, {
    execution: 'streaming',
  });
  const expected = countCorrect(reference.logProbs, tensors.y, tensors.mask);
  const learner = StreamLearner.create({
    rule: 'online_full',
    execution: 'streaming',
    config,
    optimizer: spy,
    params: initParams(config, 3),
    batchSize,
  });
  const before = tf.memory().numTensors;
  const outcome = await learner.learnBatch(batch, false);
  expect(tf.memory().numTensors - before).toBe(spy.seen.length * Object.keys(params).length);
  expect(spy.seen).toHaveLength(1);
  expect(relativeError(spy.seen[0]!, reference.grads)).toBeLessThan(1e-4);
  expect(outcome.loss).toBeCloseTo(reference.loss, 5);
  expect([outcome.correct, outcome.total]).toEqual([expected.correct, expected.total]);
  learner.dispose();
  disposeTree([params, reference.grads, spy.seen]);
  reference.logProbs.dispose();
  disposeBatch(tensors);
  return outcome;
}

describe('StreamLearner on batches of whole sequences', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('copy task: the sequence loss gradient over the recall steps, bit accuracy', async () => {
    const dataset = createCopyDataset({
      patternLength: 3,
      trainSamples: 4,
      valSamples: 1,
      testSamples: 1,
    });
    const outcome = await compare(dataset, 'none', 4);
    expect(outcome.total).toBe(4 * 3 * 7); // B × P recall steps × 7 bits
  });

  it('ListOps: one head at each sequence’s last token, sequences of different lengths', async () => {
    const dataset = await loadDataset('listops', {
      store: createMemoryDataStore(),
      source: 'generator',
      trainSamples: 8,
      valSamples: 1,
      testSamples: 1,
      minLength: 4,
      maxLength: 12,
      seqLength: 12,
    });
    const lengths = Array.from(
      { length: 8 },
      (_, i) => dataset.train.validSteps![2 * i + 1]! - dataset.train.validSteps![2 * i]!,
    );
    expect(new Set(lengths).size).toBeGreaterThan(1);
    const outcome = await compare(dataset, 'pool_st', 8);
    expect(outcome.total).toBe(8);
  });

  it('needs batches of the size it was built for', async () => {
    const dataset = createCopyDataset({
      patternLength: 2,
      trainSamples: 2,
      valSamples: 1,
      testSamples: 1,
    });
    const config = modelFor(dataset, 'none');
    const learner = StreamLearner.create({
      rule: 'online_spatial',
      execution: 'streaming',
      config,
      optimizer: spyOptimizer(),
      params: initParams(config, 0),
      batchSize: 4,
    });
    const batch = iterateBatches(dataset.train, { batchSize: 2 }).next().value!;
    await expect(learner.learnBatch(batch, false)).rejects.toThrow(
      /a batch of 2 sequences for a learner of 4/,
    );
    learner.dispose();
  });

  it('without synchronous reads (WebGPU) streaming goes through computeGradientsAsync: the same update', async () => {
    const dataset = createCopyDataset({
      patternLength: 3,
      trainSamples: 4,
      valSamples: 1,
      testSamples: 1,
    });
    const config = modelFor(dataset, 'none');
    const batch = iterateBatches(dataset.train, { batchSize: 4 }).next().value!;
    const [online, tensors] = [true, false].map((synchronousReads) =>
      createLearner({
        rule: 'online_full',
        execution: 'streaming',
        config,
        optimizer: adam(0.01),
        params: initParams(config, 2),
        batchSize: 4,
        synchronousReads,
      }),
    );
    expect(online).toBeInstanceOf(StreamLearner);
    expect(tensors).not.toBeInstanceOf(StreamLearner);
    expect(tensors!.execution).toBe('streaming');
    const [a, b] = [
      await online!.learnBatch(batch, false),
      await tensors!.learnBatch(batch, false),
    ];
    expect(a.loss).toBeCloseTo(b.loss, 5);
    expect([a.correct, a.total]).toEqual([b.correct, b.total]);
    const [pa, pb] = [online!.snapshot(), tensors!.snapshot()];
    expect(relativeError(pa, pb)).toBeLessThan(1e-4);
    disposeTree([pa, pb]);
    online!.dispose();
    tensors!.dispose();
  });
});
