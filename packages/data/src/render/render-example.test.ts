import { describe, expect, it } from 'vitest';
import { aanFiles, idxFiles } from '../__fixtures__/datasets.js';
import { createCopyDataset } from '../copy-dataset.js';
import { loadDataset } from '../registry.js';
import { createMemoryDataStore } from '../store/memory-data-store.js';
import { describeDataset } from './describe-dataset.js';
import { labelHistogram } from './label-histogram.js';
import { renderExample } from './render-example.js';

describe('renderExample', () => {
  it('draws images as ASCII art, undoing the psMNIST permutation', async () => {
    const files = idxFiles('mnist', 10, 2, 2, 3);
    // Test image 0 is [[0, 255, 0], [255, 0, 128]].
    const image = files['mnist/t10k-images-idx3-ubyte']!;
    image.set([0, 255, 0, 255, 0, 128], 16);
    const store = createMemoryDataStore(files);
    const plain = await loadDataset('smnist', { store });
    expect(renderExample(plain, plain.test, 0)).toBe('  @@\n@@  ++');
    const permuted = await loadDataset('psmnist', { store });
    expect(renderExample(permuted, permuted.test, 0)).toBe('  @@\n@@  ++');
  });

  it('decodes text, both documents for pairs', async () => {
    const data = await loadDataset('aan', { store: createMemoryDataStore(aanFiles()) });
    expect(renderExample(data, data.val, 0)).toBe(
      'document 1 (3 tokens): ab<eos>\ndocument 2 (3 tokens): <unk><unk><eos>',
    );
  });

  it('prints generated sequences step by step, and rejects a bad index', () => {
    const data = createCopyDataset({
      patternLength: 1,
      trainSamples: 2,
      valSamples: 1,
      testSamples: 1,
    });
    const text = renderExample(data, data.train, 0);
    expect(text.split('\n')).toHaveLength(11);
    expect(text).toMatch(/^\s+8 {2}\. \. \. \. \. \. \. 1$/m);
    expect(text).toMatch(/^\s+9 {2}[.1 ]+ \| [01 ]+$/m);
    expect(() => renderExample(data, data.train, 5)).toThrow(
      /example 5 is outside the split \(size 2\)/,
    );
  });
});

describe('describeDataset', () => {
  it('reports sizes, shapes and label histograms', async () => {
    const data = await loadDataset('smnist', {
      store: createMemoryDataStore(idxFiles('mnist', 20, 10)),
    });
    const summary = describeDataset(data);
    expect(summary).toMatchObject({ seqLength: 784, inputDim: 1, nClasses: 10, encoding: 'uint8' });
    expect(summary.splits.test).toEqual({ size: 10, labels: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
    expect(summary.splits.train.size + summary.splits.val.size).toBe(20);
    expect(() => labelHistogram(data.test, 5)).toThrow(/label 5 is outside \[0, 5\)/);
  });
});
