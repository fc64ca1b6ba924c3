import { describe, expect, it } from 'vitest';
import { createCopyDataset } from './copy-dataset.js';
import { DatasetOptionsError } from './errors.js';
import {
  datasetEntries,
  datasetNames,
  datasets,
  getDatasetEntry,
  loadDataset,
  registerDataset,
} from './registry.js';

describe('dataset registry', () => {
  it('has every task of spec 3 built in and builds copy by name', async () => {
    for (const name of [
      'copy',
      'copy-repeat',
      'bp-toy',
      'smnist',
      'psmnist',
      'rmnist',
      'sfmnist',
      'psfmnist',
      'rfmnist',
      'scifar',
      'scifar-gray',
      'imdb',
      'listops',
      'aan',
      'pathfinder',
      'pathx',
    ]) {
      expect(datasets.has(name)).toBe(true);
    }
    expect(datasetEntries()[0]!.name).toBe('copy');
    const dataset = await loadDataset('copy', { patternLength: 3, trainSamples: 4 });
    expect(dataset.seqLength).toBe(14);
  });

  it('names the available datasets for an unknown name', async () => {
    await expect(loadDataset('cpoy')).rejects.toThrow(
      /unknown dataset 'cpoy'; available datasets: .*copy/,
    );
    expect(() => getDatasetEntry('cpoy')).toThrow(DatasetOptionsError);
  });

  it('is extensible, refuses duplicates and is shared through globalThis', async () => {
    registerDataset({
      name: 'test-tiny-copy',
      description: 'a test entry',
      options: {},
      create: () =>
        createCopyDataset({ patternLength: 1, trainSamples: 2, valSamples: 2, testSamples: 2 }),
    });
    expect(datasetNames()).toContain('test-tiny-copy');
    expect(() => registerDataset(getDatasetEntry('copy'))).toThrow(/already registered/);
    const shared = (globalThis as Record<symbol, Map<string, unknown>>)[
      Symbol.for('olrd.datasets')
    ];
    expect(shared?.has('test-tiny-copy')).toBe(true);
    expect((await loadDataset('test-tiny-copy')).train.size).toBe(2);
  });
});
