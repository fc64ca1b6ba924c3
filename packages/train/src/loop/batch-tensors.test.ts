import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { gatherBatch, type TokenPairSplit, type TokenSplit } from '@olrd/data';
import { batchToTensors, disposeBatch } from './batch-tensors.js';

const tokens: TokenSplit = {
  encoding: 'tokens',
  x: Uint8Array.of(3, 1, 2, 0, 2, 0, 0, 0),
  y: Int32Array.of(1, 0),
  yShape: [],
  validSteps: Int32Array.of(0, 3, 0, 1),
  size: 2,
  xShape: [4, 5],
};

describe('batchToTensors', () => {
  it('one-hot encodes token ids per batch (a pad is e_0, as in the reference)', async () => {
    const batch = batchToTensors(gatherBatch(tokens, Int32Array.of(0, 1)));
    expect(batch.x.shape).toEqual([2, 4, 5]);
    expect(batch.x.dtype).toBe('float32');
    const x = (await batch.x.array()) as number[][][];
    expect(x[0]![0]).toEqual([0, 0, 0, 1, 0]);
    expect(x[0]![3]).toEqual([1, 0, 0, 0, 0]);
    expect(await batch.mask.array()).toEqual([
      [1, 1, 1, 0],
      [1, 0, 0, 0],
    ]);
    disposeBatch(batch);
  });

  it('reads document pairs as their packed concatenation', async () => {
    const pairs: TokenPairSplit = {
      encoding: 'token-pairs',
      x: Uint8Array.of(3, 2, 0, 4, 2, 0),
      lengths: Int32Array.of(2, 2),
      documentLength: 3,
      y: Int32Array.of(1),
      yShape: [],
      validSteps: Int32Array.of(2, 4),
      size: 1,
      xShape: [6, 5],
    };
    const before = tf.memory().numTensors;
    const batch = batchToTensors(gatherBatch(pairs, Int32Array.of(0)));
    const argMax = tf.argMax(batch.x, -1);
    const ids = (await argMax.array()) as number[][];
    argMax.dispose();
    expect(ids[0]!.slice(0, 5)).toEqual([3, 2, 4, 2, 0]);
    expect(await batch.mask.array()).toEqual([[0, 0, 1, 1, 0, 0]]);
    disposeBatch(batch);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the retrieval head its two towers: first documents, then second ones', async () => {
    const pairs: TokenPairSplit = {
      encoding: 'token-pairs',
      // Pair 0: [3, 2, 0] and [4, 2, 0]; pair 1: [1, 0, 0] and [2, 3, 1].
      x: Uint8Array.of(3, 2, 0, 4, 2, 0, 1, 0, 0, 2, 3, 1),
      lengths: Int32Array.of(2, 2, 1, 3),
      documentLength: 3,
      y: Int32Array.of(1, 0),
      yShape: [],
      validSteps: Int32Array.of(2, 4, 1, 4),
      size: 2,
      xShape: [6, 5],
    };
    const batch = batchToTensors(gatherBatch(pairs, Int32Array.of(0, 1)), { retrieval: true });
    expect(batch.x.shape).toEqual([4, 3, 5]);
    const argMax = tf.argMax(batch.x, -1);
    expect(await argMax.array()).toEqual([
      [3, 2, 0],
      [1, 0, 0],
      [4, 2, 0],
      [2, 3, 1],
    ]);
    argMax.dispose();
    expect(await batch.y.array()).toEqual([1, 0]);
    expect(batch.mask.shape).toEqual([2, 3]);
    disposeBatch(batch);
  });
});

describe('batchToTensors label check', () => {
  const labelled = (y: Int32Array): TokenSplit => ({ ...tokens, y });

  it("refuses a label outside the model's classes, naming it, before uploading anything", () => {
    const before = tf.memory().numTensors;
    for (const [y, label] of [
      [Int32Array.of(1, 5), '5 at y[1]'],
      [Int32Array.of(-1, 0), '-1 at y[0]'],
    ] as const) {
      const batch = gatherBatch(labelled(y), Int32Array.of(0, 1));
      expect(() => batchToTensors(batch, { nClasses: 2 })).toThrow(
        `label ${label} of a batch is not a class of the model: labels must be integers in [0, 1] (nClasses 2)`,
      );
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts labels in range, and checks nothing without nClasses', () => {
    const good = batchToTensors(gatherBatch(tokens, Int32Array.of(0, 1)), { nClasses: 2 });
    disposeBatch(good);
    const outOfRange = gatherBatch(labelled(Int32Array.of(7, 0)), Int32Array.of(0, 1));
    const unchecked = batchToTensors(outOfRange);
    disposeBatch(unchecked);
  });
});
