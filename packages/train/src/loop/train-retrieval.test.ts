/**
 * The two-tower retrieval head through the training loop: document pairs become 2B sequences,
 * the model learns a pair relation, nothing leaks; `retrieval: false` reads the concatenation.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import type { Dataset, TokenPairSplit } from '@olrd/data';
import { resolveTrainConfig } from '../config/validate-config.js';
import { disposeTree } from '../optim/tree.js';
import { train } from './train.js';

const LENGTH = 4;
const VOCABULARY = 4;

/** Pairs of 4-token documents; label 1 when both documents start with the same token. */
function pairs(size: number, seed: number): TokenPairSplit {
  const x = new Uint8Array(size * 2 * LENGTH);
  const y = new Int32Array(size);
  let state = seed;
  const next = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) % VOCABULARY) + 0;
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < 2 * LENGTH; k++) x[i * 2 * LENGTH + k] = 1 + (next() % (VOCABULARY - 1));
    if (i % 2 === 0) x[i * 2 * LENGTH + LENGTH] = x[i * 2 * LENGTH] as number;
    y[i] = x[i * 2 * LENGTH] === x[i * 2 * LENGTH + LENGTH] ? 1 : 0;
  }
  const validSteps = new Int32Array(size * 2);
  for (let i = 0; i < size; i++) [validSteps[2 * i], validSteps[2 * i + 1]] = [LENGTH, 2 * LENGTH];
  return {
    encoding: 'token-pairs',
    x,
    lengths: new Int32Array(size * 2).fill(LENGTH),
    documentLength: LENGTH,
    y,
    yShape: [],
    validSteps,
    size,
    xShape: [2 * LENGTH, VOCABULARY],
  };
}

const dataset: Dataset = {
  name: 'pairs',
  description: 'toy document pairs',
  kind: 'classification',
  train: pairs(64, 1),
  val: pairs(16, 2),
  test: pairs(16, 3),
  seqLength: 2 * LENGTH,
  inputDim: VOCABULARY,
  nClasses: 2,
  multidim: 1,
  trainSize: 64,
  options: {},
  view: { kind: 'text', vocabulary: ['<pad>', 'a', 'b', 'c'], separator: '' },
};

describe('training with the retrieval head', () => {
  it('trains two towers over document pairs and learns the pair relation, without leaks', async () => {
    const config = resolveTrainConfig({
      dataset: 'aan',
      nLayers: 1,
      dModel: 16,
      dHidden: 8,
      bsz: 16,
      epochs: 12,
      lrBase: 1e-2,
      warmupEnd: 0,
      mode: 'pool',
      trainingMode: 'bptt',
      pDropout: 0,
    });
    const before = tf.memory().numTensors;
    const result = await train(config, {}, { dataset });
    expect(Object.keys(result.params)).toContain('decoder.hidden.kernel');
    expect(result.params['encoder.kernel']?.shape).toEqual([VOCABULARY, 16]);
    disposeTree(result.params);
    expect(tf.memory().numTensors).toBe(before);
    // Chance is 50%; comparing the towers' first tokens is easy for u ⊙ v and u − v.
    expect(result.best?.test.accuracy).toBeGreaterThan(0.75);
  });
});
