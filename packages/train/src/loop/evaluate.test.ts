import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import {
  defaultArchitecture,
  initParams,
  type LayerClass,
  type ModelConfig,
  type Params,
  type PoolingMode,
} from '@olrd/core';
import {
  generateBpToySplit,
  generateCopySplit,
  gatherBatch,
  takeRows,
  type DatasetSplit,
  type DenseSplit,
  type TokenSplit,
} from '@olrd/data';
import { disposeTree } from '@olrd/tensor';
import { batchToTensors, disposeBatch } from './batch-tensors.js';
import { evaluateSplit } from './evaluate.js';
import { streamBatchTotals } from './evaluate-streaming.js';

/** A model for a task: 2 layers, H = 8, N = 4 (8 for the GRU and the LSTM), dropout off. */
function modelFor(
  layerCls: LayerClass,
  mode: PoolingMode,
  task: { dInput: number; nClasses: number; multidim: number; loss?: 'mse' },
): ModelConfig {
  return {
    ...defaultArchitecture,
    ...task,
    layerCls,
    mode,
    dModel: 8,
    // The GRU's and the LSTM's output is their state, so N = H there.
    dHidden: layerCls === 'LSTM' || layerCls === 'GRU' ? 8 : 4,
    nLayers: 2,
    pDropout: 0,
  };
}

/** One label per sequence, ragged valid steps: the single-head "last masked step" accuracy. */
function sequenceLabelSplit(size: number, time: number, seed: number): DenseSplit {
  const x = new Float32Array(size * time * 3);
  let state = seed;
  for (let i = 0; i < x.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    x[i] = state / 2147483648 - 0.5;
  }
  const validSteps = new Int32Array(size * 2);
  for (let s = 0; s < size; s++) {
    validSteps[2 * s] = s % 3;
    validSteps[2 * s + 1] = time - (s % 4);
  }
  return {
    encoding: 'dense',
    x,
    y: Int32Array.from({ length: size }, (_, s) => s % 3),
    yShape: [],
    validSteps,
    size,
    xShape: [time, 3],
  };
}

/** Token ids (vocabulary 5), one label per sequence: one-hot inputs made per batch or per step. */
function tokenSplit(size: number, time: number): TokenSplit {
  return {
    encoding: 'tokens',
    x: Uint8Array.from({ length: size * time }, (_, i) => (i * 7 + (i % 3)) % 5),
    y: Int32Array.from({ length: size }, (_, s) => s % 2),
    yShape: [],
    validSteps: Int32Array.from({ length: 2 * size }, (_, i) => (i % 2 === 0 ? 0 : time - (i % 3))),
    size,
    xShape: [time, 5],
  };
}

const TASKS: Record<string, { split: DatasetSplit; model: Parameters<typeof modelFor>[2] }> = {
  'copy (7 heads per step)': {
    split: generateCopySplit(5, 3, 11),
    model: { dInput: 8, nClasses: 2, multidim: 7 },
  },
  'one label per sequence (ragged masks)': {
    split: sequenceLabelSplit(11, 9, 3),
    model: { dInput: 3, nClasses: 3, multidim: 1 },
  },
  'tokens (one-hot inputs, one label per sequence)': {
    split: tokenSplit(7, 6),
    model: { dInput: 5, nClasses: 2, multidim: 1 },
  },
  'regression (mse at the last step)': {
    split: generateBpToySplit(5, { seqLength: 7, points: 3, magnitude: 1, patternSeed: 1 }, 2),
    model: { dInput: 10, nClasses: 1, multidim: 2, loss: 'mse' },
  },
};

const CELLS: LayerClass[] = ['LRU', 'RNN', 'GRU', 'LSTM'];
const STREAMING_MODES: PoolingMode[] = ['none', 'pool_st', 'last'];

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a));
}

describe('evaluateSplit: streaming execution', () => {
  for (const [taskName, task] of Object.entries(TASKS)) {
    for (const layerCls of CELLS) {
      it(`gives the sequence metrics on ${taskName}, ${layerCls}, every streaming mode`, async () => {
        for (const mode of STREAMING_MODES) {
          const config = modelFor(layerCls, mode, task.model);
          const params: Params = initParams(config, 7);
          // Batches of 2 over an odd count: a short last batch checks the weighting by size.
          const sequence = await evaluateSplit(params, config, task.split, 2);
          const before = tf.memory().numTensors;
          const streaming = await evaluateSplit(params, config, task.split, 2, 'streaming');
          expect(tf.memory().numTensors, `${mode}: tensors leaked`).toBe(before);
          disposeTree(params);
          expect(streaming.sequences).toBe(task.split.size);
          expect(Number.isFinite(streaming.loss)).toBe(true);
          expect(
            close(streaming.loss, sequence.loss),
            `${mode}: loss ${streaming.loss} vs ${sequence.loss}`,
          ).toBe(true);
          expect(
            close(streaming.accuracy, sequence.accuracy),
            `${mode}: accuracy ${streaming.accuracy} vs ${sequence.accuracy}`,
          ).toBe(true);
          if (task.model.loss !== 'mse') expect(streaming.accuracy).toBeGreaterThan(0);
        }
      });
    }
  }

  for (const layerCls of ['LRU', 'GRU'] as const) {
    it(`keeps its peak tensor memory flat in T (${layerCls}; sequence mode grows with [B, T, H])`, async () => {
      const config = modelFor(layerCls, 'none', { dInput: 8, nClasses: 2, multidim: 7 });
      const wide = { ...config, dModel: 32, dHidden: layerCls === 'GRU' ? 32 : 16, nLayers: 1 };
      const params = initParams(wide, 1);
      const peak = async (patternLength: number, execution: 'sequence' | 'streaming') => {
        const split = generateCopySplit(2, patternLength, 5);
        const info = await tf.profile(async () => {
          await evaluateSplit(params, wide, split, 2, execution);
        });
        return info.peakBytes;
      };
      const [short, long] = [20, 200];
      const steps = 2 * (long - short); // T = 2P + 8
      // What the batch itself adds per step and sequence: x (8 floats), y and its per-step copy
      // (7 ints each), the mask and its loss weights (1 float each).
      const inputGrowth = 2 * steps * (8 + 2 * 7 + 2) * 4;
      const streamingGrowth = (await peak(long, 'streaming')) - (await peak(short, 'streaming'));
      const sequenceGrowth = (await peak(long, 'sequence')) - (await peak(short, 'sequence'));
      disposeTree(params);
      expect(streamingGrowth).toBeLessThanOrEqual(inputGrowth);
      // The check can fail: whole-sequence evaluation grows by far more than the inputs.
      expect(sequenceGrowth).toBeGreaterThan(4 * inputGrowth);
    });
  }

  it('steps the LRU through the tfjs model step too, with the sequence metrics', async () => {
    // evaluateSplit streams the LRU's classification heads on the fused engine; the generic tfjs
    // step (every other cell, regression) must agree on it as well.
    for (const name of ['copy (7 heads per step)', 'one label per sequence (ragged masks)']) {
      const task = TASKS[name]!;
      for (const mode of STREAMING_MODES) {
        const config = modelFor('LRU', mode, task.model);
        const params = initParams(config, 3);
        const rows = Int32Array.of(0, 1, 2);
        const sequence = await evaluateSplit(params, config, takeRows(task.split, rows), 3);
        const batch = batchToTensors(gatherBatch(task.split, rows), config);
        const before = tf.memory().numTensors;
        const totals = await streamBatchTotals(params, config, batch);
        expect(tf.memory().numTensors).toBe(before);
        disposeBatch(batch);
        disposeTree(params);
        expect(close(totals.loss, sequence.loss), `${name}, ${mode}`).toBe(true);
        expect(close(totals.correct / totals.total, sequence.accuracy), `${name}, ${mode}`).toBe(
          true,
        );
      }
    }
  });

  it("refuses the 'pool' mode and the retrieval head, naming the fix", async () => {
    const split = generateCopySplit(2, 2, 1);
    const config = modelFor('LRU', 'pool', { dInput: 8, nClasses: 2, multidim: 7 });
    const params = initParams(config, 0);
    const before = tf.memory().numTensors;
    await expect(evaluateSplit(params, config, split, 2, 'streaming')).rejects.toThrow(
      /'pool' averages over the whole sequence.*execution 'sequence'.*'pool_st'/,
    );
    await expect(
      evaluateSplit(params, { ...config, mode: 'pool_st', retrieval: true }, split, 2, 'streaming'),
    ).rejects.toThrow(/retrieval head .*\(--execution sequence\)/);
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(params);
  });
});
